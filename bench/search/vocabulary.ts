/**
 * The words of the synthetic search library (library.ts): what prompts, titles, tags and text in pictures are made
 * of. Lists are ordered by how common the thing is (the generator samples them with a Zipf distribution by rank), so
 * the first entries are the frequent words of the corpus and the last ones its long tail.
 *
 * Constraints the judged relevance set (test/search-relevance-set.ts) relies on, checked by its test:
 * - concept words are disjoint between lists (a subject word never appears as a detail, a setting or a title word);
 * - the second word of each synonym group the set queries (automobile, bike, couch, sea, photograph) appears nowhere:
 *   the corpus always says car, bicycle, sofa, ocean, photo;
 * - mood words appear only as visual tags, purpose words only in titles, COCO-only objects only as object tags, and
 *   sign words only in the text in pictures.
 */

/** What a picture is of: the embedding clusters follow the subject. `objects` are what a COCO detector would find. */
export interface SubjectWord {
  word: string;
  plural: string;
  kind: 'person' | 'animal' | 'vehicle' | 'building' | 'food' | 'object' | 'nature' | 'fantasy';
  objects: readonly string[];
}

const s = (
  word: string,
  kind: SubjectWord['kind'],
  objects: readonly string[] = [],
  plural = `${word}s`,
): SubjectWord => ({ word, plural, kind, objects });

export const subjects: readonly SubjectWord[] = [
  s('woman', 'person', ['person'], 'women'),
  s('mountain', 'nature'),
  s('cat', 'animal', ['cat']),
  s('portrait', 'person', ['person']),
  s('city', 'building', [], 'cities'),
  s('man', 'person', ['person'], 'men'),
  s('dog', 'animal', ['dog']),
  s('castle', 'building'),
  s('car', 'vehicle', ['car']),
  s('dragon', 'fantasy'),
  s('flower', 'nature', ['potted plant']),
  s('robot', 'fantasy'),
  s('lighthouse', 'building'),
  s('astronaut', 'person', ['person']),
  s('fox', 'animal', ['dog'], 'foxes'),
  s('waterfall', 'nature'),
  s('sneaker', 'object'),
  s('cafe', 'building', ['dining table', 'cup']),
  s('girl', 'person', ['person']),
  s('horse', 'animal', ['horse']),
  s('spaceship', 'vehicle'),
  s('owl', 'animal', ['bird']),
  s('wizard', 'fantasy', ['person']),
  s('bicycle', 'vehicle', ['bicycle']),
  s('teapot', 'object', ['cup']),
  s('samurai', 'person', ['person']),
  s('tiger', 'animal', ['cat']),
  s('cottage', 'building'),
  s('perfume bottle', 'object', ['bottle']),
  s('sofa', 'object'),
  s('whale', 'animal'),
  s('cupcake', 'food', ['cake']),
  s('knight', 'person', ['person']),
  s('bridge', 'building'),
  s('skyscraper', 'building'),
  s('koi', 'animal', [], 'koi'),
  s('motorcycle', 'vehicle', ['motorcycle']),
  s('ballerina', 'person', ['person']),
  s('lion', 'animal', ['cat']),
  s('temple', 'building'),
  s('pizza', 'food', ['pizza']),
  s('sailboat', 'vehicle', ['boat']),
  s('deer', 'animal', [], 'deer'),
  s('chef', 'person', ['person']),
  s('mermaid', 'fantasy', ['person']),
  s('wristwatch', 'object', ['clock'], 'wristwatches'),
  s('train', 'vehicle', ['train']),
  s('panda', 'animal', ['bear']),
  s('creme brulee', 'food', ['bowl']),
  s('violin', 'object'),
  s('penguin', 'animal', ['bird']),
  s('greenhouse', 'building', ['potted plant']),
  s('jellyfish', 'animal', [], 'jellyfish'),
  s('croissant', 'food', ['donut']),
  s('hummingbird', 'animal', ['bird']),
  s('windmill', 'building'),
  s('submarine', 'vehicle'),
  s('phoenix', 'fantasy', ['bird'], 'phoenixes'),
  s('skateboarder', 'person', ['person', 'skateboard']),
  s('bonsai', 'nature', ['potted plant'], 'bonsai'),
  s('octopus', 'animal', [], 'octopuses'),
  s('carousel', 'object'),
  s('gondola', 'vehicle', ['boat']),
  s('cathedral', 'building'),
  s('hedgehog', 'animal'),
  s('smartphone', 'object', ['cell phone']),
  s('unicorn', 'fantasy', ['horse']),
  s('pagoda', 'building'),
  s('firefighter', 'person', ['person']),
  s('sushi', 'food', ['dining table'], 'sushi'),
  s('zeppelin', 'vehicle', ['airplane']),
  s('raccoon', 'animal'),
  s('tractor', 'vehicle', ['truck']),
  s('cactus', 'nature', ['potted plant'], 'cacti'),
  s('golem', 'fantasy'),
  s('hourglass', 'object', [], 'hourglasses'),
  s('parrot', 'animal', ['bird']),
  s('gardener', 'person', ['person']),
  s('chess set', 'object'),
  s('observatory', 'building'),
  s('macaron', 'food'),
  s('snowman', 'object', [], 'snowmen'),
  s('treehouse', 'building'),
  s('beekeeper', 'person', ['person']),
  s('typewriter', 'object'),
  s('flamingo', 'animal', ['bird']),
  s('vineyard', 'nature'),
  s('locomotive', 'vehicle', ['train']),
  s('gramophone', 'object'),
  s('axolotl', 'animal'),
  s('kimono', 'object', ['person']),
  s('chameleon', 'animal'),
  s('dirigible', 'vehicle', ['airplane']),
  s('minotaur', 'fantasy'),
  s('espresso machine', 'object', ['cup']),
  s('narwhal', 'animal'),
  s('igloo', 'building'),
  s('astrolabe', 'object'),
  s('kraken', 'fantasy', [], 'kraken'),
  s('lemur', 'animal'),
  s('harp', 'object'),
  s('tram', 'vehicle', ['train']),
  s('pangolin', 'animal'),
  s('yurt', 'building'),
  s('griffin', 'fantasy', ['bird']),
  s('kiwi fruit', 'food'),
  s('saxophonist', 'person', ['person']),
  s('capybara', 'animal'),
  s('hot air balloon', 'vehicle'),
  s('terrarium', 'object', ['vase']),
  s('tardigrade', 'animal'),
  s('cafe racer', 'vehicle', ['motorcycle']),
  s('cuckoo clock', 'object', ['clock']),
  s('quokka', 'animal'),
  s('monastery', 'building'),
];

/**
 * Written forms that differ from the concept word: the corpus spells these with diacritics, the concept word (what a
 * query without them types) is plain. A folded index must find one from the other.
 */
export const diacriticSpellings: Readonly<Record<string, string>> = {
  cafe: 'café',
  'creme brulee': 'crème brûlée',
  'cafe racer': 'café racer',
};

/** What the subject is doing (people and animals), with the inflections prompts use: stemming must join them. */
export interface ActionWord {
  concept: string;
  forms: readonly string[];
}
export const actions: readonly ActionWord[] = [
  { concept: 'run', forms: ['running', 'runs'] },
  { concept: 'jump', forms: ['jumping', 'jumps'] },
  { concept: 'dance', forms: ['dancing', 'dances'] },
  { concept: 'swim', forms: ['swimming', 'swims'] },
  { concept: 'read', forms: ['reading', 'reads'] },
  { concept: 'sleep', forms: ['sleeping', 'sleeps'] },
  { concept: 'sing', forms: ['singing', 'sings'] },
  { concept: 'climb', forms: ['climbing', 'climbs'] },
  { concept: 'walk', forms: ['walking', 'walks'] },
  { concept: 'sit', forms: ['sitting', 'sits'] },
  { concept: 'paint', forms: ['painting', 'paints'] },
  { concept: 'ride', forms: ['riding', 'rides'] },
];

export const adjectives: readonly string[] = (
  'majestic tiny giant ancient futuristic cozy abandoned ornate weathered gleaming elegant whimsical fierce gentle ' +
  'mysterious colossal delicate rusty crystalline overgrown minimalist luxurious rugged serene playful haunted ' +
  'golden silver emerald crimson azure ivory obsidian copper velvet marble wooden glass paper porcelain neon ' +
  'vintage retro baroque gothic art-deco steampunk solarpunk dieselpunk frozen burning floating sunken mechanical ' +
  'bioluminescent iridescent translucent holographic fluffy scaly feathered armored hooded masked smiling curious ' +
  'sleepy proud lonely joyful stoic wise young elderly tall slender chubby muscular graceful clumsy noble humble ' +
  'regal rustic industrial tropical arctic desert alpine coastal urban suburban rural celestial infernal ethereal ' +
  'spectral radiant shadowy misty foggy dusty glossy matte pastel vibrant muted monochrome sepia chromatic ' +
  'geometric organic fractal symmetrical asymmetric towering miniature handcrafted modular inflatable origami ' +
  'knitted embroidered lacquered gilded tarnished polished chipped patched painted carved woven blown cast forged'
).split(' ');

/** Where: a phrase and the place words it holds (the ground truth of "castle winter night"-style queries). */
export interface SettingPhrase {
  phrase: string;
  places: readonly string[];
}
const place = (phrase: string, ...places: string[]): SettingPhrase => ({ phrase, places });
export const settings: readonly SettingPhrase[] = [
  place('in a misty forest', 'forest'),
  place('on a beach', 'beach'),
  place('in a neon city street', 'street'),
  place('in the desert', 'desert'),
  place('on a snowy mountain pass', 'pass'),
  place('in a sunlit meadow', 'meadow'),
  place('in a cluttered studio', 'studio'),
  place('on a rooftop', 'rooftop'),
  place('under the ocean', 'ocean'),
  place('in a library', 'library'),
  place('in a winter village', 'winter', 'village'),
  place('in a bamboo grove', 'bamboo', 'grove'),
  place('on an alien planet', 'planet'),
  place('in a cathedral nave', 'nave'),
  place('beside a lake', 'lake'),
  place('in a flower market', 'market'),
  place('on a rainy platform', 'platform'),
  place('in a candlelit kitchen', 'kitchen'),
  place('at a night market', 'night', 'market'),
  place('in a cave', 'cave'),
  place('on a cliff above the ocean', 'cliff', 'ocean'),
  place('in a greenhouse garden', 'garden'),
  place('in a busy harbour', 'harbour'),
  place('on a frozen lake at night', 'lake', 'night'),
  place('in Zürich old town', 'zurich'),
  place('in São Paulo', 'sao', 'paulo'),
  place('in a desert canyon', 'canyon'),
  place('on the moon', 'moon'),
  place('in an autumn park', 'park'),
  place('in a jungle ruin', 'jungle', 'ruin'),
  place('in a glass atrium', 'atrium'),
  place('on a rice terrace', 'terrace'),
  place('in a vintage diner', 'diner'),
  place('on a sand dune', 'dune'),
  place('in a coral reef', 'reef'),
  place('in a snowy winter forest at night', 'winter', 'forest', 'night'),
  place('in a subway tunnel', 'tunnel'),
  place('in a lavender field', 'field'),
  place('on a volcanic island', 'island'),
  place('in a museum hall', 'museum'),
  place('at a tea house', 'house'),
  place('in a swamp', 'swamp'),
  place('on a glacier', 'glacier'),
  place('in a sunflower farm', 'farm'),
  place('in a space station', 'station'),
  place('at a carnival', 'carnival'),
  place('in Kraków at dusk', 'krakow'),
  place('in a moss-covered ravine', 'ravine'),
  place('by a river delta', 'delta'),
  place('in a salt flat', 'flat'),
];

export const lightings: readonly string[] = [
  'golden hour',
  'soft studio lighting',
  'dramatic lighting',
  'sunset glow',
  'volumetric fog',
  'rim light',
  'overcast daylight',
  'moonlight',
  'neon glow',
  'candlelight',
  'backlit',
  'blue hour',
  'harsh noon sun',
  'chiaroscuro',
  'bokeh lights',
  'aurora light',
  'firelight',
  'sunrise haze',
  'stormy sky',
  'god rays',
  'fluorescent light',
  'lantern light',
  'twilight',
  'high key',
  'low key',
];

export const cameraTerms: readonly string[] = [
  '85mm lens',
  'wide angle',
  'macro shot',
  'shallow depth of field',
  '35mm film',
  'aerial view',
  'close-up',
  'full body shot',
  'tilt-shift',
  'long exposure',
  'f/1.8',
  'isometric view',
  'low angle',
  'fisheye',
  'telephoto',
  'symmetrical composition',
  'rule of thirds',
  'motion blur',
  'film grain',
  'polaroid',
  'anamorphic',
  'dutch angle',
  'kodak portra 400',
  'hasselblad',
  'drone shot',
];

/** Styles; `photo` is the word the corpus uses for photographs (never "photograph": the synonym query needs it). */
export const styles: readonly string[] = [
  'photo',
  'digital art',
  'cinematic',
  'watercolor',
  'oil painting',
  'anime',
  'concept art',
  'cyberpunk',
  '3d render',
  'pixel art',
  'studio product shot',
  'illustration',
  'low poly',
  'ukiyo-e',
  'art nouveau',
  'impressionist',
  'charcoal sketch',
  'claymation',
  'vaporwave',
  'isometric diorama',
  'stained glass',
  'papercut',
  'synthwave',
  'cel shading',
  'linocut',
  'gouache',
  'pencil sketch',
  'infographic',
  'double exposure',
  'tilt-shift miniature',
  'risograph',
  'bauhaus poster',
  'woodblock print',
  'holographic foil',
  'chalk pastel',
];

export const artists: readonly string[] = [
  'Greg Rutkowski',
  'Alphonse Mucha',
  'Studio Ghibli',
  'Makoto Shinkai',
  'Simon Stålenhag',
  'Hokusai',
  'Moebius',
  'Beeple',
  'Zdzisław Beksiński',
  'James Gurney',
  'Ilya Kuvshinov',
  'Craig Mullins',
  'Claude Monet',
  'Ansel Adams',
  'Wes Anderson',
  'Syd Mead',
  'Kilian Eng',
  'Tomer Hanuka',
  'Jean Giraud',
  'Brian Froud',
];

/** Quality and detail tokens, the long tail of prompts. Some are "prompt-only": nowhere else in the corpus. */
export const detailNouns: readonly string[] = (
  'lanterns banners kites chains gears ribbons feathers leaves petals crystals candles bottles books ' +
  'scrolls maps clocks mirrors windows arches columns stairs balconies vines roots pebbles shells pearls coins ' +
  'tapestries rugs cushions baskets pots jars bells flags sails ropes nets barrels crates wheels pipes cables ' +
  'antennas satellites drones comets stars planets nebulae clouds raindrops snowflakes icicles embers sparks ' +
  'fireflies butterflies moths dragonflies bees ladybugs snails mushrooms ferns moss lichen thorns acorns pinecones ' +
  'seashells starfish coral bubbles ripples waves puddles reflections shadows silhouettes footprints graffiti ' +
  'murals posters stickers tiles mosaics bricks beams rafters chimneys domes spires turrets gargoyles statues ' +
  'fountains benches lampposts mailboxes scooters boats canoes paddles oars anchors compasses ' +
  'telescopes lenses prisms goggles helmets gauntlets cloaks scarves hats boots gloves necklaces rings tiaras ' +
  'crowns masks fans parasols teacups saucers spoons bowls plates loaves cheeses berries cherries lemons ' +
  'pomegranates figs grapes olives herbs spices confetti balloons garlands wreaths'
).split(' ');

/** Words that appear only in prompts (quality tokens): "prompt-only" queries of the relevance set use them. */
export const qualityTokens: readonly string[] = [
  'highly detailed',
  'intricate',
  'masterpiece',
  'sharp focus',
  'award winning',
  '8k',
  'trending on artstation',
  'octane render',
  'unreal engine',
  'hyperdetailed',
  'photorealistic',
  'ultra wide',
  'subsurface scattering',
  'ray tracing',
  'filigree',
];

/** What negative prompts say (never a reason for an asset to match them: the judged set checks it). */
export const negativeTerms: readonly string[] = [
  'blurry',
  'lowres',
  'watermark',
  'text',
  'deformed',
  'extra fingers',
  'bad anatomy',
  'jpeg artifacts',
  'cropped',
  'worst quality',
  'signature',
  'duplicate',
  'mutated hands',
  'out of frame',
  'grainy',
  'oversaturated',
  'disfigured',
  'ugly',
];

/** Mood words: only ever visual tags (a vision tagger's guess), never in prompts or titles. */
export const moods: readonly string[] = [
  'tranquil',
  'energetic',
  'melancholic',
  'cheerful',
  'wistful',
  'nostalgic',
  'eerie',
  'romantic',
  'festive',
  'austere',
  'dreamy',
  'gritty',
];

/** What a title says the picture is for: only ever in titles. */
export const purposes: readonly string[] = [
  'hero banner',
  'social post',
  'keynote backdrop',
  'newsletter header',
  'product tile',
  'landing page',
  'billboard draft',
  'story frame',
  'moodboard',
  'packaging mockup',
  'storyboard',
  'poster concept',
  'thumbnail test',
  'lookbook',
  'webinar slide',
];

/** COCO objects that a detector adds to people and street scenes, never named in any text field. */
export const incidentalObjects: readonly string[] = ['umbrella', 'handbag', 'suitcase', 'backpack', 'bench', 'frisbee'];

/** Text in pictures: signs and ad copy. Their words appear nowhere else (sign words are OCR-only). */
export const signTexts: readonly string[] = [
  'SUMMER SALE 50% OFF',
  'OPEN 24 HOURS',
  'GRAND OPENING',
  'CLEARANCE EVENT',
  'FRESH COFFEE',
  'LIMITED EDITION',
  'NO PARKING',
  'FREE SHIPPING',
  'BOOK NOW',
  'NEW ARRIVALS',
  'WELCOME',
  'EXIT',
  'MENU',
  'HAPPY HOLIDAYS',
  'BACK TO SCHOOL',
  'FLASH DEAL',
  'MEMBERS ONLY',
  'TICKETS',
  'GIVEAWAY TODAY',
  'SOLD OUT',
];

/** Visual tags besides moods: what a general classifier says about any picture. */
export const visualLabels: readonly string[] = [
  'outdoor',
  'indoor',
  'nature scene',
  'night scene',
  'close view',
  'crowd',
  'artwork',
  'text present',
  'food scene',
  'vehicle scene',
];

export const teamNames: readonly string[] = (
  'Brand Studio,Performance Marketing,Social,Retail EMEA,Retail Americas,Retail APAC,Product Design,Packaging,' +
  'Events,Content Lab,Lifecycle CRM,Partnerships,PR,Editorial,Localisation,Creative Ops,Growth,E-commerce,' +
  'Paid Search,Video,Motion,Illustration Guild,Photography,Catalogue,Loyalty,Sponsorship,Internal Comms,HR,' +
  'Investor Relations,Legal Creative,Sustainability,Stores UK,Stores DE,Stores FR,Stores JP,Stores US,Kids Line,' +
  'Outdoor Line,Home Line,Beauty Line'
).split(',');

export const campaignSeasons: readonly string[] = ['spring', 'summer', 'autumn', 'winter', 'holiday', 'back-to-school'];
export const campaignThemes: readonly string[] = (
  'launch glow refresh classics heritage wanderlust citylights oceanic alpine cosy jubilee neon bloom harvest ' +
  'starlight velocity origins horizon kindred mosaic ember tidal meadow polar carnival nomad lumen verdant ' +
  'aurora brightside'
).split(' ');

export const firstNames: readonly string[] = (
  'Ana Ben Chloe Dario Elif Farah Gus Hana Ivan Jun Kemi Liam Mara Nils Olga Priya Quentin Rosa Sami Tove Umar ' +
  'Vera Wen Ximena Yusuf Zoe Aiko Bruno Carla Dmitri Esme Felix Greta Hugo Ines Jonas Kira Luca Mei Noor'
).split(' ');
export const lastNames: readonly string[] = (
  'Alvarez Becker Chen Dubois Eriksen Fischer Garcia Haddad Ito Jensen Kowalski Lopez Muller Nakamura Okafor ' +
  'Petrov Quinn Rossi Silva Tanaka Ueda Varga Weber Xu Yilmaz Zimmermann'
).split(' ');

/** Tools and their models: ~12 tools, ~30 models. `ai`: how a file from the tool is usually involved. */
export interface ToolEntry {
  tool: string;
  version: string;
  models: readonly string[];
  ai: 'ai-generated' | 'ai-edited' | 'none';
  /** Share of its files that carry a C2PA manifest. */
  c2pa: number;
  fileName: 'comfy' | 'a1111' | 'descriptive' | 'camera' | 'uuid';
}
export const tools: readonly ToolEntry[] = [
  {
    tool: 'ComfyUI',
    version: '0.3.40',
    models: [
      'sdxl-base-1.0',
      'flux.1-dev',
      'juggernaut-xl-v9',
      'sd3.5-large',
      'realvisxl-v4',
      'pony-diffusion-v6',
      'hidream-i1',
      'qwen-image',
    ],
    ai: 'ai-generated',
    c2pa: 0.02,
    fileName: 'comfy',
  },
  {
    tool: 'Automatic1111',
    version: '1.10.1',
    models: ['sdxl-base-1.0', 'sd-1.5', 'dreamshaper-8', 'realistic-vision-v6', 'anything-v5', 'epicrealism-v5'],
    ai: 'ai-generated',
    c2pa: 0.01,
    fileName: 'a1111',
  },
  {
    tool: 'Midjourney',
    version: '6.1',
    models: ['midjourney-v6.1', 'midjourney-v7', 'niji-6'],
    ai: 'ai-generated',
    c2pa: 0,
    fileName: 'descriptive',
  },
  {
    tool: 'Adobe Firefly',
    version: '3',
    models: ['firefly-image-3', 'firefly-image-4'],
    ai: 'ai-generated',
    c2pa: 1,
    fileName: 'uuid',
  },
  {
    tool: 'DALL-E',
    version: '3',
    models: ['dall-e-3', 'gpt-image-1'],
    ai: 'ai-generated',
    c2pa: 0.95,
    fileName: 'uuid',
  },
  {
    tool: 'InvokeAI',
    version: '5.6',
    models: ['sdxl-base-1.0', 'flux.1-schnell', 'juggernaut-xl-v9'],
    ai: 'ai-generated',
    c2pa: 0,
    fileName: 'uuid',
  },
  {
    tool: 'Fooocus',
    version: '2.5.5',
    models: ['juggernaut-xl-v8', 'realvisxl-v4'],
    ai: 'ai-generated',
    c2pa: 0,
    fileName: 'descriptive',
  },
  {
    tool: 'NovelAI',
    version: '4',
    models: ['nai-diffusion-4', 'nai-diffusion-3'],
    ai: 'ai-generated',
    c2pa: 0,
    fileName: 'descriptive',
  },
  {
    tool: 'SwarmUI',
    version: '0.9.5',
    models: ['sd3.5-medium', 'flux.1-dev'],
    ai: 'ai-generated',
    c2pa: 0,
    fileName: 'comfy',
  },
  {
    tool: 'Leonardo',
    version: '2025',
    models: ['leonardo-phoenix', 'leonardo-kino-xl', 'leonardo-lightning-xl'],
    ai: 'ai-generated',
    c2pa: 0.3,
    fileName: 'uuid',
  },
  {
    tool: 'Photoshop',
    version: '26.2',
    models: ['firefly-fill-3', 'firefly-expand-3'],
    ai: 'ai-edited',
    c2pa: 0.9,
    fileName: 'descriptive',
  },
  { tool: 'Lightroom', version: '14.1', models: [], ai: 'none', c2pa: 0.1, fileName: 'camera' },
];
