/**
 * Child process of offline.test.ts: renders two words, reads them with a fresh recogniser (worker start included) and
 * prints the text as JSON. With PROVENA_PROBE_NETWORK=1 it then tries one fetch itself, so that the test can see that
 * the network trap it runs under does record what it should.
 */
import sharp from 'sharp';
import { createTextRecogniser } from '../index.ts';

const svg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="900" height="300"><rect width="100%" height="100%" fill="#fff"/>' +
  '<text x="60" y="180" font-family="DejaVu Sans" font-size="80" fill="#000">Offline Harbour</text></svg>';
const rgb = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer();
const recogniser = createTextRecogniser();
const result = await recogniser.recognise({
  width: 900,
  height: 300,
  channels: 3,
  rgb: new Uint8Array(rgb),
  originalWidth: 900,
  originalHeight: 300,
});
await recogniser.dispose();
if (process.env.PROVENA_PROBE_NETWORK === '1') {
  try {
    await fetch('http://127.0.0.1:9/');
  } catch {
    // refused by the trap (or by the empty network namespace): what the probe expects
  }
}
process.stdout.write(JSON.stringify({ text: result.text }));
