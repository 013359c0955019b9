import * as fs from 'node:fs/promises';
import type * as restify from 'restify';
import type { ServedKnowledge } from '../../servedKnowledge/servedKnowledge';
import type { DetailedEntry } from '../../knowledge/types';
import { headedTitle } from '../../cards/cards';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

/**
 * An article the bot has no file of, as what its entries say: each entry's heading, cause
 * and steps, in our own words (hand-written from the article), escaped.
 */
function entriesText(entries: DetailedEntry[]): string {
  return entries
    .map((e) => [headedTitle(e, e.codes[0] ?? null), '', `Cause: ${e.cause}`, '', ...e.resolution.map((step, i) => `${i + 1}. ${step}`)].join('\n'))
    .join('\n\n');
}

/** An article as a readable page: its text as the KB wrote it, escaped, in a plain layout. */
function articlePage(number: string, title: string, text: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(number)}: ${escapeHtml(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
pre{white-space:pre-wrap;font:13px/1.45 ui-monospace,monospace;background:#f6f6f6;padding:1rem;border-radius:6px}</style>
</head><body><h1>${escapeHtml(number)}: ${escapeHtml(title)}</h1><pre>${escapeHtml(text)}</pre></body></html>`;
}

/** GET /kb/Qnnnnnn: every loaded article, read from its file when asked for, and every article entries were written from. */
export function registerArticlePages(server: restify.Server, helpDesk: () => ServedKnowledge): void {
  server.get('/kb/:number', async (req, res) => {
    const number = String(req.params.number ?? '').toUpperCase();
    const { kb, whole } = helpDesk();
    const valid = /^Q\d{5,6}$/.test(number);
    const article = valid ? kb.articles.get(number) : undefined;
    const written = valid && !article?.file ? kb.entries.filter((e) => e.article === number) : [];
    const text = article?.file ? await fs.readFile(article.file, 'latin1').catch(() => undefined) : written.length ? entriesText(await Promise.all(written.map(whole))) : undefined;
    const title = article?.title ?? written[0]?.title;
    if (!title || text === undefined) {
      res.send(404, { error: `no article ${number} in the knowledge base` });
      return;
    }
    const body = articlePage(number, title, text);
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
    res.end(body);
  });
}
