/** Test-only: where the shared provenance fixtures live (../shared/fixtures/provenance) and their SHA-256 sums. */
import { readFileSync } from 'node:fs';
import { sharedFixturesDir } from '../../../test/requirements.ts';

export const fixtureDir = sharedFixturesDir;

export const fixtureSha256: Record<string, string> = {
  'a1111_parameters_text.png': '7c76e634f1290150909c3d7f96951361cbbc88e1a3df1349fcf8d4c522000306',
  'a1111_usercomment.jpg': 'bbedd8b48b7a8899c0b3018432f2d55ea2157411d022f17dec6eeedc9b4da1fa',
  'a1111_stealth_pngcomp.png': '89740fb4e1ed71c6bccb5a73ec9df37cfac1ef65550f6950735e5c9cedaf4ea5',
  'comfyui_prompt_workflow.png': 'bea9c1c4bb41fbac80e0cface91c3176fe54500e34bcb20fa98129f8a2759dbf',
  'invokeai_metadata.png': '8488664458cdd694c5fc23534d04b18748c1c1c3b4c6a453452d7846f3c5bc12',
  'novelai_comment.png': '08f0efd8c62e59bdcc67a9550b7d503e7498eaf3a8d731ad7e05370b6cc43c98',
  'fooocus_parameters.png': 'd7e54e784f5e396be694832bf556e07733fa5ef70f66ccd027192b2a94cb225e',
  'c2pa_openai_dalle3_chatgpt.webp': 'd80b027d34c510655d73190326279987d60bd764d546a939da3c48139554ab65',
  'c2pa_microsoft_bing_image_creator.jpg': 'a0de05cb8ba2ee4647c0c630464826d2bae17ce14681e8f4220b7f53d4a6c1bb',
  'c2pa_adobe_firefly_genai_actions_v2.jpg': '612a35a7995b36bc910532370c8edc086d8090fe2629bae2e86fa17708609e40',
  'iptc_photometadata_ref_2023.2.jpg': '979a7a3eb10c66760cccfa71fd2bcb076d4b3a0230a58aa786e009893e24bd7c',
  'generated_c2pa_trained_a1111.png': '4c7a1c90dfef27fbdd5fddd59e66bdba9c691f914cc08ddf5b89943cd022021a',
  'generated_c2pa_trained_a1111.jpg': '70cb48a933e2783550b5babeca6b20aedd2f48070abe31fab6114c6e3d46f60a',
  'generated_iptc2025_ai_xmp.png': 'a507f93253874a434290ab963c057fbe3111287c8ee5549c635581754358d5e8',
};

export const fixtureNames = Object.keys(fixtureSha256);
export const loadFixture = (name: string): Uint8Array => new Uint8Array(readFileSync(fixtureDir + name));
