/**
 * Where the API says a policy document is wrong: a syntax error names "line L, column C" in its words (JSON or
 * YAML), a problem inside the document names its path (rules[2].when.kind[0]). Pure, for the editor and its test.
 */
import { ApiError } from '../../api/errors.ts';

export interface PolicyProblem {
  /** The path the API named ("(policy)": the whole document, a syntax error). */
  field: string;
  problem: string;
  /** 1-based, when the problem names a place in the text. */
  line?: number;
  column?: number;
  /** The offset into the text of that place, for moving the caret there. */
  offset?: number;
  /** The line of the text it is on. */
  excerpt?: string;
}

export function policyProblems(error: unknown, text: string): PolicyProblem[] {
  if (!(error instanceof ApiError)) return [];
  const lines = text.split('\n');
  return error.problems.map(({ field, problem }) => {
    const at = /line (\d+), column (\d+)/.exec(problem);
    if (!at) return { field, problem };
    const line = Number(at[1]);
    const column = Number(at[2]);
    const excerpt = lines[line - 1];
    const offset =
      excerpt === undefined
        ? undefined
        : lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + Math.min(column - 1, excerpt.length);
    return {
      field,
      problem,
      line,
      column,
      ...(offset !== undefined ? { offset } : {}),
      ...(excerpt !== undefined ? { excerpt } : {}),
    };
  });
}

/** JSON or YAML, by the text's first character that is not blank (the API reads JSON unless told YAML). */
export const documentFormat = (text: string): 'json' | 'yaml' => (/^\s*[[{]/.test(text) ? 'json' : 'yaml');
