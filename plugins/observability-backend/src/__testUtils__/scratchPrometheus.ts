import { ChildProcess, execFile, spawn } from 'node:child_process';
import {
  mkdir,
  mkdtemp,
  readdir,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';

const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
const PROMTOOL = process.env.PROMTOOL_BIN ?? 'promtool';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * A real Prometheus of a test's own, on a free port with its own data
 * directory, holding only what the test backfills with promtool: series
 * (`create-blocks-from openmetrics`) and recording rules evaluated over
 * them as if they had been loaded all along (`create-blocks-from rules`).
 * The test starts and stops it; nothing else shares it.
 */
export class ScratchPrometheus {
  private process?: ChildProcess;
  private stderr = '';

  private constructor(
    private readonly dir: string,
    private readonly port: number,
  ) {}

  static async start(): Promise<ScratchPrometheus> {
    const dir = await mkdtemp(join(tmpdir(), 'sightline-scratch-prometheus-'));
    await mkdir(join(dir, 'data'));
    // No scrape jobs: every sample comes from a backfill.
    await writeFile(join(dir, 'prometheus.yml'), 'global: {}\n');
    const prometheus = new ScratchPrometheus(dir, await freePort());
    await prometheus.run();
    return prometheus;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Imports an OpenMetrics text (ending in `# EOF`) as one block, then reopens the data. */
  async backfillOpenMetrics(text: string): Promise<void> {
    const file = join(this.dir, 'backfill.om');
    await writeFile(file, text);
    await promisify(execFile)(
      PROMTOOL,
      [
        'tsdb',
        'create-blocks-from',
        'openmetrics',
        '--max-block-duration=39366h',
        '-q',
        file,
        join(this.dir, 'data'),
      ],
      { maxBuffer: 10 * 1024 * 1024 },
    );
    await rm(file);
    await this.restart();
  }

  /**
   * Evaluates recording rule groups over `[startMs, endMs]` against this
   * Prometheus' own series, as Prometheus would have recorded them, and adds
   * the results. Rules reading other rules' results need those backfilled
   * by an earlier call.
   */
  async backfillRules(
    groups: unknown[],
    range: { startMs: number; endMs: number },
  ): Promise<void> {
    const file = join(this.dir, 'rules.yml');
    const out = join(this.dir, 'rule-blocks');
    await writeFile(file, stringify({ groups }));
    await promisify(execFile)(
      PROMTOOL,
      [
        'tsdb',
        'create-blocks-from',
        'rules',
        `--url=${this.url}`,
        `--start=${range.startMs / 1000}`,
        `--end=${range.endMs / 1000}`,
        `--output-dir=${out}`,
        '-q',
        file,
      ],
      { maxBuffer: 10 * 1024 * 1024 },
    );
    for (const block of await readdir(out)) {
      await rename(join(out, block), join(this.dir, 'data', block));
    }
    await rm(out, { recursive: true, force: true });
    await this.restart();
  }

  async stop(): Promise<void> {
    await this.halt();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async run() {
    this.stderr = '';
    const child = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(this.dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(this.dir, 'data')}`,
        // Backfilled history is months old; keep all of it.
        '--storage.tsdb.retention.time=10y',
        `--web.listen-address=127.0.0.1:${this.port}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr?.on('data', d => {
      this.stderr = (this.stderr + d).slice(-4000);
    });
    this.process = child;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`prometheus exited ${child.exitCode}: ${this.stderr}`);
      }
      const ready = await fetch(`${this.url}/-/ready`).then(
        r => r.ok,
        () => false,
      );
      if (ready) return;
      if (Date.now() > deadline) {
        throw new Error(`prometheus never became ready: ${this.stderr}`);
      }
      await new Promise(r => setTimeout(r, 200));
    }
  }

  private async halt() {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  private async restart() {
    await this.halt();
    await this.run();
  }
}
