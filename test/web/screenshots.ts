import { expect } from "vitest";
import { type Browser, screenshot } from "./browser.ts";

/**
 * Saves a full-page screenshot under test-artifacts/web/<name>.png and fails the test if it
 * is blank: too small a file, too little luminance spread or too few colours (measured by
 * decoding the PNG in the browser). Every screenshot of the suite goes through here.
 */
export async function expectScreenshot(browser: Browser, name: string): Promise<void> {
  const shot = await screenshot(browser, name);
  expect(shot.bytes, `${name}.png size`).toBeGreaterThan(8_000);
  expect(shot.stats.luminanceStdDev, `${name}.png luminance spread`).toBeGreaterThan(8);
  expect(shot.stats.distinctColors, `${name}.png colours`).toBeGreaterThan(20);
}
