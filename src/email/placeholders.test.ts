import { describe, expect, it } from 'vitest';
import { fillPlaceholders, placeholderNames, UnfilledPlaceholderError } from './placeholders.ts';

const template = '<p>Hi {{first_name|there}},</p><a href="{{unsubscribe_url}}">Unsubscribe</a>';

describe('fillPlaceholders', () => {
  it('fills values and uses the fallback when a value is missing or blank', () => {
    expect(fillPlaceholders(template, { unsubscribe_url: 'https://t.example/u/abc', first_name: 'Ana' }, 'html')).toBe(
      '<p>Hi Ana,</p><a href="https://t.example/u/abc">Unsubscribe</a>',
    );
    expect(fillPlaceholders(template, { unsubscribe_url: 'https://t.example/u/abc', first_name: '  ' }, 'html')).toContain('Hi there,');
  });

  it('escapes markup in HTML and strips line breaks everywhere', () => {
    const values = { unsubscribe_url: 'https://t.example/u', first_name: '<b>Eve</b>\r\nBcc: x@y.z' };
    expect(fillPlaceholders('Hi {{first_name}}', values, 'html')).toBe('Hi &lt;b&gt;Eve&lt;/b&gt; Bcc: x@y.z');
    expect(fillPlaceholders('Hi {{first_name}}', values, 'text')).toBe('Hi <b>Eve</b> Bcc: x@y.z');
  });

  it('refuses to leave a placeholder without value or fallback', () => {
    expect(() => fillPlaceholders('{{unknown_thing}} {{first_name}}', { unsubscribe_url: 'x' }, 'text')).toThrow(UnfilledPlaceholderError);
    expect(() => fillPlaceholders('{{first_name}}', { unsubscribe_url: 'x' }, 'text')).toThrow(
      'The email still contains placeholders with no value: first_name.',
    );
  });

  it('lists placeholder names', () => {
    expect(placeholderNames(template)).toEqual(['first_name', 'unsubscribe_url']);
  });
});
