import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toLittleText } from '@contract/little-text';
import { allowOnLinkedIn, startDrivenApp, type DrivenApp } from './support/driven-app';
import { screenshot } from './support/screenshots';

const webDir = inject('e2eWebDir');

// What page.evaluate callbacks use in the browser (the root tsconfig checks Node code, without the DOM lib).
declare const document: { documentElement: { scrollWidth: number; clientWidth: number }; querySelectorAll(selector: string): Iterable<{ scrollLeft: number }> };
declare const window: { scrollTo(x: number, y: number): void };
declare const history: { pushState(state: null, unused: string, url: string): void };
declare function dispatchEvent(event: unknown): void;
declare const PopStateEvent: new (type: string) => unknown;

/** "2026-03-27": the day of `at` in Europe/Paris (the browser's zone, and so the profile's). */
function dayInParis(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

// What page.evaluate callbacks use in the browser (the root tsconfig checks Node code, without the DOM lib).
declare const getComputedStyle: (element: unknown) => { direction: string };

/** "2026-03-27", the day after `now` in Europe/Paris (the browser's zone, and so the profile's). */
function tomorrowInParis(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now.getTime() + 86_400_000));
}

/**
 * Planning from the calendar, in Chromium against the local runtime and its
 * sandbox LinkedIn, on a laptop (1280×800) and a phone (375×812): start a
 * post from an empty slot, open it again from the calendar into the full
 * composer and edit it, publish it now (after confirming), and find Write
 * offering a fresh post with the unsaved text still there. The week's hour
 * labels are whole and its posts readable at both sizes.
 */
describe.skipIf(!webDir)('the composer and the calendar in Chromium', () => {
  let app: DrivenApp;
  beforeAll(async () => {
    app = await startDrivenApp(webDir, 'composer');
  });
  afterAll(() => app?.close());

  async function noSidewaysScroll(page: Page): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  }

  /** Every hour label of the grid shows whole (none cut by its column). */
  async function hourLabelsWhole(page: Page): Promise<void> {
    const cut = await page.locator('.calendar__hour').evaluateAll((cells) => cells.filter((cell) => cell.scrollWidth > cell.clientWidth).map((cell) => cell.textContent));
    expect(cut).toEqual([]);
    expect(await page.locator('.calendar__hour').count()).toBe(24);
  }

  for (const [width, height] of [
    [1280, 800],
    [375, 812],
  ] as const) {
    const phone = width < 500;
    const size = phone ? 'phone' : 'laptop';

    // A sign-in, a LinkedIn connection and a dozen pages: give it room on a loaded two-core machine.
    it(`plans from the calendar and edits in the full composer (${width}×${height})`, { timeout: 150_000 }, async () => {
      const page = await app.open(width);
      await page.setViewportSize({ width, height });
      const nav = (label: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
      const shot = (name: string) => screenshot(page, `composer-${size}-${name}`);
      /** The calendar with `day` on it: the phone's agenda runs seven days from today; the week runs Monday to Sunday, so on a Sunday in Paris tomorrow is on the next one. */
      const calendarWith = async (day: string) => {
        await nav('Calendar');
        await page.locator('[data-slot]').first().waitFor();
        if (!phone && (await page.locator(`[data-slot^="${day}T"]`).count()) === 0) await page.getByRole('button', { name: 'Next week' }).click();
      };
      const text = `Started from an empty slot on a ${size} (${Date.now()})`;
      const composer = page.getByLabel('What do you want to share?');

      await page.getByLabel('Email').fill(`${size}@example.com`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Write a post' }).waitFor();

      // Before LinkedIn is connected, Publish and Schedule say so before any click.
      await composer.fill('Checking the buttons.');
      await page.getByText(/^Connect LinkedIn first/).waitFor();
      expect(await page.getByRole('button', { name: 'Publish now' }).isDisabled()).toBe(true);
      await composer.fill('');
      await page.getByRole('region', { name: /Get started/ }).getByRole('button', { name: 'Connect LinkedIn' }).click();
      await allowOnLinkedIn(page, `Cal ${size}`);

      // The calendar: the week on a laptop, the agenda on a phone. An empty slot tomorrow starts a post at its time.
      const day = tomorrowInParis(app.now());
      await calendarWith(day);
      const slot = page.locator(`[data-slot="${phone ? day : `${day}T10`}"]`);
      await slot.waitFor();
      expect(await page.getByRole('button', { name: phone ? 'Agenda' : 'Week', exact: true }).getAttribute('aria-pressed')).toBe('true');
      if (!phone) await hourLabelsWhole(page);
      await noSidewaysScroll(page);
      await shot('01-calendar');
      await slot.getByRole('link', { name: /^New post/ }).click();
      await page.getByRole('heading', { name: 'New post' }).waitFor();
      expect(await page.getByLabel('Date').inputValue()).toBe(day);
      expect(await page.getByLabel('Time').inputValue()).toBe(phone ? '09:00' : '10:00');
      await composer.fill(text);
      await shot('02-new-post-from-slot');
      await page.getByRole('button', { name: 'Schedule post' }).click();
      await page.getByRole('status').filter({ hasText: /^Scheduled for / }).waitFor();

      // Write offers a fresh post; something typed there and left unsaved…
      // Right-to-left text reads right to left, in the editor and in the preview, as LinkedIn shows it.
      await composer.fill('مرحبا بالجميع: هذا أول منشور لي على لينكدإن');
      const preview = page.getByTestId('preview-text');
      await preview.getByText('مرحبا بالجميع').waitFor();
      expect(await composer.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
      expect(await preview.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
      const unsaved = `An idea I have not saved yet (${size})`;
      await composer.fill(unsaved);
      if (!phone) {
        // A poll option pasted past LinkedIn's 30 characters is cut, and says so under the field; Remove stays beside the input.
        await page.getByRole('button', { name: 'Add a poll' }).click();
        await page.getByRole('button', { name: 'Add an option' }).click();
        const option = page.getByRole('textbox', { name: 'Option 3', exact: true });
        await option.fill('An option far longer than LinkedIn lets a poll option be');
        await page.getByText('Cut to 30 characters').waitFor();
        const input = (await option.boundingBox())!;
        const remove = (await page.getByRole('button', { name: 'Remove option 3' }).boundingBox())!;
        const middle = remove.y + remove.height / 2;
        expect(middle).toBeGreaterThan(input.y);
        expect(middle).toBeLessThan(input.y + input.height);
        await shot('02b-poll-option-cut');
        await page.getByRole('button', { name: 'Remove the poll' }).click();
      }
      expect(await preview.evaluate((element) => getComputedStyle(element).direction)).toBe('ltr');

      // …while a post opened from the calendar is edited in the full composer: preview, AI, files, schedule.
      await calendarWith(day);
      let time = phone ? '09:00' : '10:00';
      if (!phone) {
        // On a laptop the post is dragged an hour later first: a post is a link that opens it, and still drags.
        await page.getByRole('link', { name: new RegExp(`^Scheduled 10:00: Started from an empty slot`) }).dragTo(page.locator(`[data-slot="${day}T11"]`));
        await page.getByRole('status').filter({ hasText: /^Rescheduled for / }).waitFor();
        time = '11:00';
      }
      const chip = page.locator(`[data-slot="${phone ? day : `${day}T11`}"]`).getByRole('link', { name: new RegExp(`^Scheduled ${time}: Started from an empty slot`) });
      await chip.click();
      await page.getByRole('heading', { name: 'Edit scheduled post' }).waitFor();
      expect(await composer.inputValue()).toBe(text);
      await page.getByRole('region', { name: 'Preview' }).getByText(text.slice(0, 30)).waitFor();
      await page.getByRole('button', { name: 'Add images, a PDF or a video' }).waitFor();
      await page.getByRole('button', { name: 'Reschedule…' }).waitFor();
      await composer.fill(`${text}, edited`);
      await shot('03-editing-from-calendar');

      // Publish now asks first; the answer publishes it once.
      await page.getByRole('button', { name: 'Publish now' }).click();
      const question = page.getByRole('group', { name: /^Publish this post on LinkedIn now\?/ });
      await question.waitFor();
      await shot('04-confirm-publish');
      await question.getByRole('button', { name: 'Yes, publish now' }).click();
      await expect.poll(() => app.runtime.linkedin.sandbox!.posts.filter((p) => p.commentary === toLittleText(`${text}, edited`)).length, { timeout: 30_000 }).toBe(1);
      // The composer follows the post it sent until it is out, with its link on LinkedIn.
      await page.getByRole('status').filter({ hasText: /^Published\. View it on LinkedIn/ }).waitFor();

      // Write again offers a fresh post, and the unsaved text is still there; New post keeps it in Drafts.
      await page.getByRole('heading', { name: 'New post' }).waitFor();
      await expect.poll(() => composer.inputValue()).toBe(unsaved);
      await shot('05-fresh-post-unsaved-text-kept');
      await page.getByRole('button', { name: 'New post' }).click();
      await page.getByRole('status').filter({ hasText: /^Your text was kept: it is in Draft/ }).waitFor();
      await expect.poll(() => composer.inputValue()).toBe('');
      await nav('Posts');
      await page.getByRole('article').filter({ hasText: unsaved }).waitFor();
      await noSidewaysScroll(page);

      // The week on a phone: it scrolls sideways in its own box, with whole hour labels and readable posts.
      if (phone) {
        await page.goto(`${app.runtime.url}/calendar?view=week&date=${day}`);
        await page.locator('.calendar__hour').first().waitFor();
        await hourLabelsWhole(page);
        await noSidewaysScroll(page);
        const widths = await page.locator('.calendar__grid--week td').evaluateAll((cells) => cells.slice(0, 7).map((cell) => cell.getBoundingClientRect().width));
        expect(Math.min(...widths)).toBeGreaterThanOrEqual(70);
        await shot('06-week-on-a-phone');
      }
    });
  }
  // A phone's calendar opens where today is, and Today goes back there: in the month grid (taller and wider than the
  // screen) and in the agenda (as tall as its days), where the page scrolls, not the grid's box.
  it('brings today into view on a phone (375×812), on opening and after Today', { timeout: 120_000 }, async () => {
    // Today the last day of its month, far down the month grid: noon (UTC) of that day, unless that has passed.
    const [year, month] = dayInParis(app.now()).split('-').map(Number) as [number, number];
    const lastDay = new Date(Date.UTC(year, month, 0, 11));
    app.advance(Math.max(0, lastDay.getTime() - app.now().getTime()));
    const page = await app.open(375);
    await page.setViewportSize({ width: 375, height: 812 });
    const today = dayInParis(app.now());
    await page.getByLabel('Email').fill('phone-today@example.com');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Write a post' }).waitFor();

    const todayBox = page.locator(`[data-slot="${today}"]`);
    /** Today's whole day (cell or row) is on screen, below the sticky top bar. */
    const todayInView = async () => {
      const box = (await todayBox.boundingBox())!;
      const bar = (await page.locator('.topbar').boundingBox())!;
      return box.y >= bar.y + bar.height - 1 && box.y + box.height <= 812 + 1 && box.x >= -1 && box.x + box.width <= 375 + 1;
    };
    // A link inside the app, not page.goto: a reload would find the session expired (the local sign-in's expiresAt
    // follows the real clock, this tab's clock is moved on).
    const follow = (path: string) =>
      page.evaluate((to) => {
        history.pushState(null, '', to);
        dispatchEvent(new PopStateEvent('popstate'));
      }, path);
    const backToTheTop = () =>
      page.evaluate(() => {
        window.scrollTo(0, 0);
        for (const box of document.querySelectorAll('.calendar__scroller')) box.scrollLeft = 0;
      });

    await follow(`/calendar?view=month&date=${today.slice(0, 8)}01`);
    await todayBox.waitFor();
    expect(await todayBox.getAttribute('class')).toContain('calendar__cell--today');
    await expect.poll(todayInView).toBe(true);
    await noSidewaysScroll(page);
    await screenshot(page, 'composer-phone-07-month-opens-on-today');
    await page.getByRole('button', { name: 'Previous month' }).click();
    await todayBox.waitFor({ state: 'detached' });
    await backToTheTop();
    await page.getByRole('button', { name: 'Today', exact: true }).click();
    await todayBox.waitFor();
    await expect.poll(todayInView).toBe(true);

    // The agenda from six days before today: today is its last day, below the fold.
    const sixDaysBefore = dayInParis(new Date(app.now().getTime() - 6 * 86_400_000));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Posts' }).click();
    await page.waitForURL(/\/posts/);
    await follow(`/calendar?view=agenda&date=${sixDaysBefore}`);
    await todayBox.waitFor();
    expect(await todayBox.getAttribute('class')).toContain('agenda__day--today');
    await expect.poll(todayInView).toBe(true);
    await screenshot(page, 'composer-phone-08-agenda-opens-on-today');
    await page.getByRole('button', { name: 'Next seven days' }).click();
    await todayBox.waitFor({ state: 'detached' });
    await backToTheTop();
    await page.getByRole('button', { name: 'Today', exact: true }).click();
    await todayBox.waitFor();
    await expect.poll(todayInView).toBe(true);
  });
});
