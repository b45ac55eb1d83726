import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

// OWASP's minimum recommendation for Argon2id (19 MiB, 2 iterations, 1 lane).
// algorithm 2 is Argon2id (the package's enum is const, which isolatedModules cannot inline).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

@Injectable()
export class PasswordHasher {
  /** Verified against when the email is unknown, so both answers take the same time. */
  private readonly decoy = hash('decoy password that never matches', OPTIONS);

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  /** Constant-time verification; `null` (unknown user) still costs one hash. */
  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    const ok = await verify(passwordHash ?? (await this.decoy), password).catch(() => false);
    return passwordHash !== null && ok;
  }
}
