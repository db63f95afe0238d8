/**
 * The enrichment steps, registered in one place (enrichmentSteps below), and what a run needs of them: their names,
 * the order they run in, which apply to an asset kind. Adding an enricher is a step file beside this one plus its
 * line in the list. createStepRegistry refuses (so the process refuses to start) two steps of one name, a need naming
 * no registered step, needs that go round in a circle, and a closing step that is not alone or that another step
 * needs: problems a run would otherwise meet half-way.
 *
 * Order: the steps' needs, and where they leave a choice, their order in the list (a stable topological sort). The
 * list is in today's run order: hashes first of the pixel steps so that a near-duplicate is flagged as early as
 * possible, the variant suggestion last, in the closing transaction.
 */
import type { AssetKind } from '../../domain/asset.ts';
import { conceptTagsStep } from './concept-tags.step.ts';
import { embeddingsStep } from './embeddings.step.ts';
import { facesStep } from './faces.step.ts';
import { hashesStep } from './hashes.step.ts';
import { objectsStep } from './objects.step.ts';
import { paletteStep } from './palette.step.ts';
import { renditionsStep } from './renditions.step.ts';
import type { AnyEnrichmentStep, StepNeed } from './step.ts';
import { textStep } from './text.step.ts';
import { variantsStep } from './variants.step.ts';
import { videoStep } from './video.step.ts';
import { visualTagsStep } from './visual-tags.step.ts';

export interface StepRegistry<S extends readonly AnyEnrichmentStep[]> {
  /** Every step in run order. */
  readonly ordered: readonly S[number][];
  /** Every name in run order. */
  readonly names: readonly S[number]['name'][];
  get(name: string): S[number] | undefined;
}

const stepOf = (need: StepNeed): string | undefined =>
  typeof need === 'object' && 'step' in need ? need.step : undefined;
const needsPicture = (need: StepNeed): boolean => need === 'picture' || (typeof need === 'object' && 'detail' in need);

/** Validates the steps and orders them from their needs; throws listing every problem. */
export function createStepRegistry<const S extends readonly AnyEnrichmentStep[]>(steps: S): StepRegistry<S> {
  const problems: string[] = [];
  const byName = new Map<string, S[number]>();
  for (const step of steps) {
    if (byName.has(step.name)) problems.push(`two steps are named "${step.name}"`);
    else byName.set(step.name, step);
  }
  const closing = steps.filter((s) => s.closing);
  if (closing.length > 1) problems.push(`more than one closing step (${closing.map((s) => s.name).join(', ')})`);
  const posterMakers = steps.filter((s) => s.providesPoster).map((s) => s.name);
  // Edges: what must run before each step.
  const before = new Map<string, Set<string>>();
  for (const step of byName.values()) {
    const first = new Set<string>();
    for (const need of step.needs) {
      const name = stepOf(need);
      if (name === undefined) continue;
      const needed = byName.get(name);
      if (!needed) problems.push(`"${step.name}" needs "${name}", which is not registered`);
      else if (needed.closing) problems.push(`"${step.name}" needs the closing step "${name}", which runs last`);
      else first.add(name);
    }
    if (step.needs.some(needsPicture)) for (const maker of posterMakers) if (maker !== step.name) first.add(maker);
    if (step.closing && step.early) problems.push(`the closing step "${step.name}" cannot start early`);
    before.set(step.name, first);
  }
  // Kahn's algorithm, always taking the earliest registered step that is ready; the closing step goes last.
  const ordered: S[number][] = [];
  const done = new Set<string>();
  const pending = [...byName.values()].sort((a, b) => Number(a.closing ?? false) - Number(b.closing ?? false));
  while (pending.length > 0) {
    const next = pending.findIndex((s) => [...before.get(s.name)!].every((n) => done.has(n)));
    if (next < 0) {
      problems.push(`the needs of ${pending.map((s) => `"${s.name}"`).join(', ')} go round in a circle`);
      break;
    }
    const [step] = pending.splice(next, 1);
    ordered.push(step!);
    done.add(step!.name);
  }
  if (problems.length > 0) throw new Error(`The enrichment step registry is invalid: ${problems.join('; ')}`);
  return {
    ordered,
    names: ordered.map((s) => s.name),
    get: (name) => byName.get(name),
  };
}

/** Every enrichment step of this installation: one line per step. */
export const enrichmentSteps = createStepRegistry([
  videoStep,
  hashesStep,
  renditionsStep,
  paletteStep,
  embeddingsStep,
  visualTagsStep,
  textStep,
  facesStep,
  objectsStep,
  conceptTagsStep,
  variantsStep,
]);

/** The steps that apply to an asset kind, in run order (before configuration: a model may be absent). */
export function stepsFor(kind: AssetKind): (typeof enrichmentSteps.ordered)[number][] {
  return enrichmentSteps.ordered.filter((s) => s.kinds.includes(kind));
}
