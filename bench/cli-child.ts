// Runs the real CLI entry in this process and reports its peak resident memory on exit (for bench/cli-throughput.ts).
process.on('exit', () => process.stderr.write(`maxrss-kb ${process.resourceUsage().maxRSS}\n`));
await import('../src/cli/main.ts');
export {};
