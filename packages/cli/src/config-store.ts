import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** What `wfchat login` stores. */
export interface StoredConfig {
  apiUrl: string;
  token: string;
}

export type Env = Record<string, string | undefined>;

/** `$WFCHAT_CONFIG_DIR`, else `$XDG_CONFIG_HOME/wfchat`, else `~/.config/wfchat`. */
export function configDir(env: Env): string {
  if (env.WFCHAT_CONFIG_DIR) return path.resolve(env.WFCHAT_CONFIG_DIR);
  const base =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)
      ? env.XDG_CONFIG_HOME
      : path.join(os.homedir(), '.config');
  return path.join(base, 'wfchat');
}

export function configPath(env: Env): string {
  return path.join(configDir(env), 'config.json');
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the stored config; `undefined` when there is none. */
export async function readConfig(env: Env): Promise<Partial<StoredConfig> | undefined> {
  const file = configPath(env);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read ${file}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(`${file} is not valid JSON; fix it or run \`wfchat login\` again`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new ConfigError(`${file} must hold a JSON object`);
  const { apiUrl, token } = parsed as Record<string, unknown>;
  return {
    ...(typeof apiUrl === 'string' ? { apiUrl } : {}),
    ...(typeof token === 'string' ? { token } : {}),
  };
}

/**
 * Writes the config so that only the user can read it: the directory 0700, the
 * file 0600, written to a temporary file first and renamed into place.
 */
export async function writeConfig(env: Env, config: StoredConfig): Promise<string> {
  const dir = configDir(env);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.chmod(dir, 0o700);
  const file = configPath(env);
  const tmp = path.join(dir, `.config.json.${process.pid}.tmp`);
  try {
    await fs.writeFile(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600, flag: 'w' });
    await fs.chmod(tmp, 0o600);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  return file;
}

/** Removes the stored config; returns whether there was one. */
export async function deleteConfig(env: Env): Promise<boolean> {
  const file = configPath(env);
  try {
    await fs.unlink(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
