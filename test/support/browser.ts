// Headless Chromium for tests: @sparticuz/chromium unpacks its own build; Debian's chromium is the fallback.
import { existsSync } from 'node:fs';
import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser } from 'playwright-core';

export async function launchBrowser(): Promise<Browser> {
  try {
    return await playwright.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
  } catch (err) {
    if (!existsSync('/usr/bin/chromium')) throw err;
    return playwright.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'], headless: true });
  }
}
