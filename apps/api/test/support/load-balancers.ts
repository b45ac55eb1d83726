import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/dev/api-process.js';

/**
 * Debian's HAProxy and nginx, started on a free port with the configuration
 * files of `deploy/` as they are, but for the addresses (the instances under
 * test, a loopback port) and the process settings a test cannot use (user,
 * chroot, daemon, syslog, a connection limit above this machine's file limit).
 */
const deployDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../deploy');

export const HAPROXY_BIN = process.env.HAPROXY_PATH ?? '/usr/sbin/haproxy';
export const NGINX_BIN = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

export interface LoadBalancer {
  name: 'haproxy' | 'nginx';
  baseUrl: string;
  /** Everything the proxy printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** `deploy/haproxy/haproxy.cfg` in front of `servers` (`host:port` each). */
export function haproxyConfig(servers: string[], port: number): string {
  const source = fs.readFileSync(path.join(deployDir, 'haproxy/haproxy.cfg'), 'utf8');
  const lines = source
    .split('\n')
    .filter((l) => !/^\s*(log \/dev\/log|chroot|user|group|daemon|maxconn)\b/.test(l))
    .filter((l) => !/^\s*server api\d+ /.test(l))
    .map((l) => l.replace(/^(\s*)bind :80$/, `$1bind 127.0.0.1:${port}`));
  lines.push(...servers.map((s, i) => `  server api${i + 1} ${s} check`));
  return `${lines.join('\n')}\n`;
}

/** `deploy/nginx/wfchat.conf` in front of `servers`, inside the smallest main configuration that runs unprivileged paths. */
export function nginxConfig(servers: string[], port: number, dir: string): string {
  const source = fs.readFileSync(path.join(deployDir, 'nginx/wfchat.conf'), 'utf8');
  const template = /^(\s*)server 127\.0\.0\.1:3001 (.*)$/m.exec(source);
  if (!template) throw new Error('deploy/nginx/wfchat.conf: no "server 127.0.0.1:3001" line to replace');
  const site = source
    .split('\n')
    .filter((l) => !/^\s*server 127\.0\.0\.1:300[2-9] /.test(l))
    .map((l) => (l === template[0] ? servers.map((s) => `${template[1]}server ${s} ${template[2]}`).join('\n') : l))
    .map((l) => l.replace(/^(\s*)listen 80;$/, `$1listen 127.0.0.1:${port};`))
    .join('\n');
  fs.writeFileSync(path.join(dir, 'wfchat.conf'), site);
  return [
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    'worker_processes 1;',
    'events { worker_connections 4096; }',
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
    `  include ${dir}/wfchat.conf;`,
    '}',
    '',
  ].join('\n');
}

async function launch(
  name: LoadBalancer['name'],
  bin: string,
  args: string[],
  port: number,
  errorLog?: string,
): Promise<LoadBalancer> {
  if (!fs.existsSync(bin))
    throw new Error(
      `${bin} is missing: install it with "apt-get install -y haproxy nginx" (or set ${name.toUpperCase()}_PATH).`,
    );
  const child: ChildProcess = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const read = () => output + (errorLog && fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8') : '');
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${read()}`);
    // Any answer means it listens; the instances' health is checked by the caller.
    const listening = await fetch(`${baseUrl}/api/healthz`).then(
      () => true,
      () => false,
    );
    if (listening) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not listen on ${port}:\n${read()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name,
    baseUrl,
    output: read,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function startHaproxy(servers: string[]): Promise<LoadBalancer> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfchat-haproxy-'));
  const file = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(file, haproxyConfig(servers, port));
  // -db: stay in the foreground; -W: master-worker, so SIGTERM stops it cleanly.
  return launch('haproxy', HAPROXY_BIN, ['-db', '-W', '-f', file], port);
}

export async function startNginx(servers: string[]): Promise<LoadBalancer> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfchat-nginx-'));
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, nginxConfig(servers, port, dir));
  return launch('nginx', NGINX_BIN, ['-p', dir, '-c', file, '-g', 'daemon off;'], port, path.join(dir, 'error.log'));
}
