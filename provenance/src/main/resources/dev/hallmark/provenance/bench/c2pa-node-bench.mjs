// Times c2pa-node (c2pa-rs) signing and reading one file; prints one JSON line.
// usage: node c2pa-node-bench.mjs <c2pa-node dir> sign <in> <out> <chain.pem> <key.pem>
//        node c2pa-node-bench.mjs <c2pa-node dir> read <file> [anchor.pem ...]
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

const [modDir, mode, ...rest] = process.argv.slice(2);
const entry = path.join(modDir, 'node_modules', '@contentauth', 'c2pa-node', 'dist', 'index.js');
const { Builder, LocalSigner, Reader } = await import(pathToFileURL(entry).href);
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
if (mode === 'sign') {
  const [input, output, chain, key] = rest;
  const signer = LocalSigner.newSigner(fs.readFileSync(chain), fs.readFileSync(key), 'es256');
  const builder = Builder.withJson({
    claim_generator_info: [{ name: 'hallmark-bench', version: '1' }],
    title: 'bench.mp4',
    assertions: [{ label: 'c2pa.actions.v2', data: { actions: [{ action: 'c2pa.created',
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia' }] } }],
  });
  const t0 = process.hrtime.bigint();
  builder.sign(signer, { path: input, mimeType: 'video/mp4' }, { path: output });
  console.log(JSON.stringify({ ms: ms(t0) }));
} else {
  const [file, ...anchorFiles] = rest;
  const anchors = anchorFiles.map(p => fs.readFileSync(p, 'utf8')).join('\n');
  const settings = { verify: { verify_trust: anchors.length > 0, verify_after_reading: true } };
  if (anchors.length > 0) settings.trust = { verify_trust_list: true, trust_anchors: anchors };
  const t0 = process.hrtime.bigint();
  const reader = await Reader.fromAsset({ path: file, mimeType: 'video/mp4' }, JSON.stringify(settings));
  const store = reader ? reader.json() : null;
  console.log(JSON.stringify({ ms: ms(t0), state: store ? store.validation_state : 'Absent' }));
}
