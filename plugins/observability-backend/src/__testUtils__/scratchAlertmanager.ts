import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './scratchPrometheus';

/** Debian ships Alertmanager as prometheus-alertmanager. */
const ALERTMANAGER =
  process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

/**
 * A real Alertmanager of a test's own, with the routing configuration the
 * test gives it (the local stack's routes everything to a receiver that
 * notifies nobody), on a free port, without clustering.
 */
export class ScratchAlertmanager {
  private constructor(
    private readonly dir: string,
    private readonly port: number,
    private readonly child: ChildProcess,
  ) {}

  static async start(configYaml: string): Promise<ScratchAlertmanager> {
    const dir = await mkdtemp(join(tmpdir(), 'sightline-scratch-am-'));
    await writeFile(join(dir, 'alertmanager.yml'), configYaml);
    const port = await freePort();
    let stderr = '';
    const child = spawn(
      ALERTMANAGER,
      [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr!.on('data', chunk => {
      stderr += chunk;
    });
    const alertmanager = new ScratchAlertmanager(dir, port, child);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = await fetch(`${alertmanager.url}/-/ready`).then(
        r => r.ok,
        () => false,
      );
      if (ready) return alertmanager;
      if (child.exitCode !== null || Date.now() > deadline) {
        await alertmanager.stop();
        throw new Error(`Alertmanager did not start: ${stderr.slice(-2000)}`);
      }
      await new Promise(r => setTimeout(r, 200));
    }
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      await new Promise<void>(resolve => {
        this.child.once('exit', () => resolve());
        this.child.kill('SIGTERM');
      });
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
