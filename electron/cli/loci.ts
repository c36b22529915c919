#!/usr/bin/env node
// The `loci` command line: index, search, ask, eval and bench on the same services as the app.
import { askCommand } from './commands/askCommand';
import { evalCommand } from './commands/evalCommand';
import { exportCommand } from './commands/exportCommand';
import { indexCommand } from './commands/indexCommand';
import { searchCommand } from './commands/searchCommand';
import { watchCommand } from './commands/watchCommand';
import { UsageError } from './cliContext';

const HELP = `Usage: loci <command> [options]

Commands:
  index <paths...>        import files and folders into a collection
  watch <folders...>      keep folders in sync with a collection until stopped (--once: one sync, then exit);
                          also resumes an import that was interrupted
  search "<query>"        show the top passages (--k N, --mode vector|fts|hybrid)
  ask "<question>"        answer from your documents (--model ollama:NAME or builtin:NAME)
  eval --beir <dir>       retrieval quality on a BEIR or XQuAD folder (--split, --chunk-tokens, --sweep; eval --help)
  bench [--quick]         throughput, latency and memory benchmarks (--out FILE, --json)
  bench --scale 1m        a generated 1M-chunk store: build, memory, disk, latency, recall (also 100k; candidates)
  export --conversation <id> | --comparison <id> | --list   Markdown or JSON (--format md|json, --out FILE)

Common options:
  --data-dir DIR          where the library lives (default: the app's data directory, or LOCI_DATA_DIR)
  --collection NAME|ID    which collection (index creates it when missing)
  --model-dir DIR         a folder of embedding models (transformers.js layout)
  --embedder ID           embedding model id; --embedder-dtype q8|fp32
  --ollama-url URL        Ollama's URL
  --json                  machine-readable output only, on stdout
`;

type Command = (args: string[], entryUrl: string) => Promise<number>;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const commands: Record<string, Command> = {
    index: indexCommand,
    search: searchCommand,
    watch: watchCommand,
    ask: askCommand,
    eval: evalCommand,
    export: exportCommand,
    bench: async (args, url) => (await import('./commands/benchCommand')).benchCommand(args, url),
  };
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(HELP);
    return name ? 0 : 1;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${HELP}`);
    return 1;
  }
  return command(rest, import.meta.url);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`loci: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError ? 1 : 2);
  },
);
