/** Regenerates docs/errors.md from the error catalogue and the error table (a test fails when they drift). */
import { writeFileSync } from 'node:fs';
import { errorCodes } from '../src/domain/errors.ts';
import { errorTable } from '../src/edge/error-table.ts';

export function renderErrorDocs(): string {
  const rows = Object.entries(errorCodes).map(
    ([code, meaning]) =>
      `| \`${code}\` | ${errorTable[code as keyof typeof errorCodes].http} | ${errorTable[code as keyof typeof errorCodes].exit} | ${meaning} |`,
  );
  return `# Error codes

Every error Provena reports carries one of these codes. Over HTTP the body is always

\`\`\`json
{ "error": { "code": "INTAKE_INCOMPLETE", "message": "…", "details": { "problems": [{ "field": "campaign", "problem": "required: the campaign" }] }, "requestId": "…" } }
\`\`\`

\`details.problems\` lists every field problem at once where there are several. The CLI prints \`error CODE: message\`
and exits with the code in the third column (sysexits-style: 65 bad input, 66 not found, 69 unavailable, 70 internal,
75 retry later, 77 not permitted, 78 configuration). A bulk command that finished with some failed items exits with 1.
Generated from \`src/domain/errors.ts\` and \`src/edge/error-table.ts\` by \`npx tsx scripts/write-error-docs.ts\`.

| Code | HTTP | Exit | Meaning |
|---|---|---|---|
${rows.join('\n')}
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorDocs());
}
