import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { repoRoot } from "./build-console.ts";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const haveChromium = existsSync(chromiumPath);
export const artifactsDir = join(repoRoot, "test-artifacts/web");

if (!haveChromium)
  console.warn(
    `\n!!! browser tests SKIPPED: no chromium at ${chromiumPath}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH. !!!\n`,
  );

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Debian's chromium, headless, with a fresh profile that is deleted on close. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "trellis-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      "--disable-dev-shm-usage",
    ],
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface PixelStats {
  width: number;
  height: number;
  /** Standard deviation of luminance (0–255): near 0 for a blank page. */
  luminanceStdDev: number;
  /** Distinct colours among sampled pixels. */
  distinctColors: number;
}

/**
 * Saves a full-page screenshot under test-artifacts/web and measures it in a blank page of
 * the same browser (a canvas decodes the PNG), so a white or empty render fails the test.
 */
export async function screenshot(
  browser: Browser,
  name: string,
): Promise<{ path: string; bytes: number; stats: PixelStats }> {
  mkdirSync(artifactsDir, { recursive: true });
  const png = await browser.page.screenshot({ fullPage: true });
  const path = join(artifactsDir, `${name}.png`);
  writeFileSync(path, png);
  const probe = await browser.context.newPage();
  try {
    const stats = await probe.evaluate(async (b64: string) => {
      const g = globalThis as unknown as {
        Image: new () => { src: string; decode(): Promise<void>; width: number; height: number };
        document: { createElement(t: "canvas"): unknown };
      };
      const img = new g.Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = g.document.createElement("canvas") as {
        width: number;
        height: number;
        getContext(t: "2d"): {
          drawImage(i: unknown, x: number, y: number): void;
          getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
        };
      };
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext("2d");
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, img.width, img.height);
      let n = 0;
      let sum = 0;
      let sumSq = 0;
      const colors = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 7) {
        const l = 0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!;
        sum += l;
        sumSq += l * l;
        n++;
        if (colors.size < 5000) colors.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      }
      const mean = sum / n;
      return {
        width: img.width,
        height: img.height,
        luminanceStdDev: Math.sqrt(sumSq / n - mean * mean),
        distinctColors: colors.size,
      };
    }, png.toString("base64"));
    return { path, bytes: png.length, stats };
  } finally {
    await probe.close();
  }
}
