import { describe, expect, it } from 'vitest';
import { clientName } from './client-names.ts';

describe('clientName', () => {
  it('names mail clients as people say them, with no lowercase "window" for Astro to mistake for a browser API', () => {
    expect(['outlook.windows', 'outlook.windows-mail', 'outlook.outlook-com', 'gmail.desktop-webmail', 'apple-mail.macos', 'yahoo.ios', 'fastmail.web-app'].map(clientName)).toEqual([
      'Outlook (Windows)',
      'Outlook (Windows Mail)',
      'Outlook (Outlook.com)',
      'Gmail (desktop webmail)',
      'Apple Mail (macOS)',
      'Yahoo Mail (iOS)',
      'fastmail (web app)',
    ]);
  });
});
