import { describe, expect, it } from 'vitest';
import { pendingMessage } from '../../static/settings/src/lib/pending-message';

describe('pendingMessage', () => {
  it('with no error, says only what will appear', () => {
    expect(pendingMessage('The Terraform', [])).toBe('The Terraform appears here once the choices above are valid.');
  });

  it('an organization problem sends the admin to the organization', () => {
    const errors = [
      { field: 'organization', message: 'empty' },
      { field: 'trust.branch', message: 'empty' },
    ];
    expect(pendingMessage('The Terraform', errors)).toBe('The Terraform appears here once the choices above are valid: start with your Chainguard organization.');
  });

  it('another field is named by its visible label', () => {
    expect(pendingMessage('The Terraform', [{ field: 'trust.branch', message: 'The branch is empty.' }])).toBe(
      'The Terraform appears here once the choices above are valid: check Branch name.',
    );
    expect(pendingMessage('The Terraform', [{ field: 'image.tag', message: 'bad' }])).toContain('check Image tag.');
  });

  it('a field without an input is explained by its own message', () => {
    expect(pendingMessage('The Terraform', [{ field: 'trust', message: 'The trust kind is unknown.' }])).toBe(
      'The Terraform appears here once the choices above are valid: The trust kind is unknown.',
    );
  });
});
