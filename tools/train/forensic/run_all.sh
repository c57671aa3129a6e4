#!/usr/bin/env bash
# The whole forensic recipe: data, leave-one-source-out evaluation, the final model, export, held-out test clips.
# Usage: ./run_all.sh [T2V]   (T2V: tiny-t2v when this checkout has the built-in bundle, else a bundle folder)
# Environment: SHARED (the project's shared folder, default ../../../../shared), STEPS (final model, default 400),
# LOSO_STEPS (each leave-one-out model, default 250), JOBS (default 2).
set -euo pipefail
cd "$(dirname "$0")"
T2V=${1:-tiny-t2v}
SHARED=${SHARED:-../../../../shared}
STEPS=${STEPS:-400}
LOSO_STEPS=${LOSO_STEPS:-250}
JOBS=${JOBS:-2}
PY=/usr/bin/python3
OUT=../../../classifier/src/main/resources/models/hallmark-forensic
CLIPS=../../../classifier/src/test/resources/forensic/clips
. ../../../scripts/jdk.sh >/dev/null
export OPT_OUT_TRACKING=true

nice -n 10 $PY prepare.py --work work --t2v "$T2V" --shared "$SHARED" --jobs "$JOBS"
for s in vtest tree megamind phone photos patterns scene t2v; do
    [ -f work/frames/$s.pkl ] || continue
    nice -n 10 $PY train.py --work work --holdout $s --steps "$LOSO_STEPS"
done
nice -n 10 $PY train.py --work work --final --steps "$STEPS"
$PY export.py --ckpt work/final/model.pt --work work --out $OUT
$PY report.py --work work > work/report.md

# Held-out clips for the Java tests: seeds never used in training, H.264 CRF 23.
CP=$(./java_cp.sh)
rm -rf work/heldout && mkdir -p work/heldout
java -Xss4m --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true -cp "$CP" dev.hallmark.generator.eval.RawSamples \
    --model scene --out work/heldout --count 2 --seed 777 --prefix scene-heldout --crf 23 --max-side 360
T2V_MODEL=$T2V; [ "$T2V" = tiny-t2v ] || T2V_MODEL=$(cd "$T2V" && pwd)
java -Xss4m --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true -cp "$CP" dev.hallmark.generator.eval.RawSamples \
    --model "$T2V_MODEL" --out work/heldout --count 2 --seed 778 --prefix t2v-heldout --crf 23 --max-side 360
mkdir -p $CLIPS && cp work/heldout/*.mp4 work/heldout/samples.tsv $CLIPS/
echo "done: $OUT, $CLIPS, work/report.md"
