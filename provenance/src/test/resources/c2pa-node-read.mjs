// Reads one file with @contentauth/c2pa-node (c2pa-rs) and prints its verdict as one JSON line:
// {"state": "Trusted|Valid|Invalid|Absent", "failure": [codes], "success": [codes], "informational": [codes],
//  "ingredientFailures": [codes], "digitalSourceType": uri|null, "claimVersion": n|null}
// or {"error": "..."} when c2pa-rs refuses the file.
// usage: node c2pa-node-read.mjs <dir holding node_modules/@contentauth/c2pa-node> <file> [trust-anchor.pem ...]
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

const [modDir, file, ...anchorFiles] = process.argv.slice(2);
const entry = path.join(modDir, 'node_modules', '@contentauth', 'c2pa-node', 'dist', 'index.js');
const { Reader } = await import(pathToFileURL(entry).href);
const anchors = anchorFiles.map(p => fs.readFileSync(p, 'utf8')).join('\n');
const settings = { verify: { verify_trust: anchors.length > 0, verify_after_reading: true } };
if (anchors.length > 0) settings.trust = { verify_trust_list: true, trust_anchors: anchors };
const lower = file.toLowerCase();
const mime = lower.endsWith('.jpg') || lower.endsWith('.jpeg') ? 'image/jpeg'
  : lower.endsWith('.mov') ? 'video/quicktime' : 'video/mp4';
const codes = (a) => (a || []).map(x => x.code);
try {
  const reader = await Reader.fromAsset({ path: file, mimeType: mime }, JSON.stringify(settings));
  if (!reader) {
    console.log(JSON.stringify({ state: 'Absent', failure: [], success: [], informational: [] }));
  } else {
    const store = reader.json();
    const results = store.validation_results || {};
    const active = results.activeManifest || {};
    const manifest = store.manifests ? store.manifests[store.active_manifest] : undefined;
    let dst = null;
    for (const a of (manifest && manifest.assertions) || []) {
      if (a.label && a.label.startsWith('c2pa.actions')) {
        for (const act of (a.data && a.data.actions) || []) {
          if (dst === null && act.digitalSourceType) dst = act.digitalSourceType;
        }
      }
    }
    console.log(JSON.stringify({
      state: store.validation_state,
      failure: codes(active.failure),
      success: codes(active.success),
      informational: codes(active.informational),
      ingredientFailures: (results.ingredientDeltas || []).flatMap(d => codes(d.validationDeltas.failure)),
      digitalSourceType: dst,
      claimVersion: manifest ? manifest.claim_version : null,
    }));
  }
} catch (e) {
  console.log(JSON.stringify({ error: String(e) }));
}
