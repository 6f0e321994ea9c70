import fs from 'node:fs';
import path from 'node:path';
import type { BenchResult, BenchSuite } from './benchResult.ts';
import { suites } from './suites.ts';

/**
 * `npm run bench`: every figure measured beside its reference in this one run, printed as a ratio
 * and written to docs/BENCHMARKS.md. Never part of `npm test`.
 */
async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const chosen = only.length > 0 ? suites.filter((s) => only.some((o) => s.title.toLowerCase().includes(o.toLowerCase()))) : suites;
  const sections: Array<{ suite: BenchSuite; results: BenchResult[] }> = [];
  for (const suite of chosen) {
    console.log(`\n== ${suite.title}`);
    const results = await suite.run();
    for (const r of results) console.log(formatLine(r));
    sections.push({ suite, results });
  }
  if (only.length === 0) writeReport(sections);
  const missed = sections.flatMap((s) => s.results).filter((r) => !r.met);
  console.log(`\n${missed.length === 0 ? 'All targets met.' : `${missed.length} target(s) missed.`}`);
}

const fmt = (n: number): string => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));

function formatLine(r: BenchResult): string {
  const reference = r.reference ? `  vs ${r.reference.name} ${fmt(r.reference.value)} ${r.unit}` : '';
  const ratio = r.ratio !== undefined ? `  ratio ${fmt(r.ratio)}×` : '';
  return `  ${r.met ? 'ok  ' : 'MISS'} ${r.name}: ${fmt(r.value)} ${r.unit}${reference}${ratio}  (target ${r.target})${r.detail ? `  — ${r.detail}` : ''}`;
}

function writeReport(sections: Array<{ suite: BenchSuite; results: BenchResult[] }>): void {
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (2 cores, Node ${process.version}). Each figure is measured beside its reference in the same run.`,
    '',
  ];
  for (const { suite, results } of sections) {
    lines.push(`## ${suite.title}`, '', '| measure | ours | reference | ratio | target | met |', '|---|---|---|---|---|---|');
    for (const r of results) {
      lines.push(
        `| ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.reference ? `${r.reference.name}: ${fmt(r.reference.value)} ${r.unit}` : '—'} | ${r.ratio !== undefined ? `${fmt(r.ratio)}×` : '—'} | ${r.target} | ${r.met ? 'yes' : '**no**'} |`,
      );
    }
    lines.push('');
  }
  const file = path.resolve(import.meta.dirname, '../../docs/BENCHMARKS.md');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
