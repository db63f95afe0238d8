/** The provenance tree: the chain flattened root first, an invalid ingredient's own ingredients hidden, sources shown. */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ProvenancePanel, ProvenanceTree } from './ProvenancePanel.tsx';
import { classifyValidation, flattenChain, readProvenance, type ChainNode } from './provenance.ts';

const valid = classifyValidation('Valid', []);
const invalid = classifyValidation('Invalid', ['claimSignature.mismatch']);
const node = (title: string, validation = valid, ingredients: ChainNode[] = []): ChainNode => ({
  title,
  validation,
  ingredients,
});

const chain = node('poster.jpg', classifyValidation('Valid', ['signingCredential.untrusted']), [
  node('background.png', valid, [node('sky.png')]),
  node('tampered.jpg', invalid, [node('hidden-a.png'), node('hidden-b.png', valid, [node('hidden-c.png')])]),
  node('parent.jpg', classifyValidation('Invalid', ['assertion.dataHash.mismatch']), [node('reference.png')]),
]);

describe('the provenance tree', () => {
  it('flattens the chain root first with index paths and hides what an invalid ingredient names', () => {
    const rows = flattenChain(chain);
    expect(rows.map((r) => [r.path, r.node.title, r.hidden])).toEqual([
      ['0', 'poster.jpg', 0],
      ['0.1', 'background.png', 0],
      ['0.1.1', 'sky.png', 0],
      ['0.2', 'tampered.jpg', 3],
      // A data-hash mismatch is a warning (orange): what the parent was made from stays listed.
      ['0.3', 'parent.jpg', 0],
      ['0.3.1', 'reference.png', 0],
    ]);
  });

  it('shows each manifest with its state in words, and says why ingredients are hidden', () => {
    render(<ProvenanceTree root={chain} />);
    const items = within(screen.getByRole('list', { name: 'Ingredient chain' })).getAllByRole('listitem');
    expect(items).toHaveLength(6);
    expect(items[0]!.textContent).toContain('Valid signature, untrusted signer');
    expect(items[3]!.textContent).toContain('Invalid: the credentials do not verify');
    expect(items[3]!.textContent).toContain('3 ingredients hidden');
    expect(screen.queryByText('hidden-a.png')).toBeNull();
    expect(screen.getByText('sky.png')).toBeTruthy();
    expect(items[4]!.textContent).toContain('Data-hash mismatch');
    expect(items[4]!.querySelector('[data-validation="mismatch"]')?.className).toContain('warn');
  });

  it('words each validation state (colour is not the only signal)', () => {
    expect(classifyValidation('Trusted', []).label).toMatch(/trusted signer/);
    expect(classifyValidation('Valid', ['signingCredential.untrusted']).kind).toBe('untrusted');
    expect(classifyValidation('Invalid', ['assertion.dataHash.mismatch']).kind).toBe('mismatch');
    expect(classifyValidation('Invalid', ['claimSignature.mismatch']).tone).toBe('fail');
  });

  it('reads a record with ingredients and the source of each field, as text', () => {
    const view = readProvenance(
      {
        aiInvolvement: 'ai-generated',
        digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
        dstSources: ['c2pa'],
        generator: { system: 'Adobe Firefly' },
        prompt: { negative: '<b>blurry</b>' },
        sampling: { seed: '42', steps: 30 },
        c2pa: {
          present: true,
          validationState: 'Valid',
          statusCodes: [],
          actions: [{ action: 'c2pa.created', agent: 'Adobe Firefly' }],
          signer: { commonName: 'Content Credentials' },
          ingredients: [
            {
              title: 'parent.jpg',
              relationship: 'parentOf',
              validationState: 'Invalid',
              ingredients: [{ title: 'x' }],
            },
          ],
        },
        fieldSources: {
          'generator.system': 'c2pa',
          'prompt.negative': 'tool',
          'sampling.seed': 'tool',
          digitalSourceType: 'c2pa',
        },
      },
      { title: 'firefly.jpg', prompt: 'a fox' },
    );
    render(<ProvenancePanel view={view} />);
    expect(screen.getByText('Adobe Firefly', { selector: 'dd' }).textContent).toContain('from C2PA manifest');
    expect(screen.getByText('<b>blurry</b>')).toBeTruthy();
    expect(screen.getByText('trainedAlgorithmicMedia')).toBeTruthy();
    expect(screen.getByText('42', { selector: 'dd' }).textContent).toContain('from generator metadata');
    expect(screen.getByText('a fox', { selector: 'span' })).toBeTruthy();
    const tree = within(screen.getByRole('list', { name: 'Ingredient chain' }));
    expect(tree.getAllByRole('listitem')).toHaveLength(2);
    expect(tree.getByText(/1 ingredient hidden/)).toBeTruthy();
  });

  it('links a digital source type only to the IPTC or C2PA vocabulary, never to what else a file wrote', () => {
    const view = readProvenance({ aiInvolvement: 'unknown', digitalSourceType: 'javascript:alert(1)' }, { title: 't' });
    render(<ProvenancePanel view={view} />);
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByText('javascript:alert(1)').tagName).toBe('CODE');
  });
});
