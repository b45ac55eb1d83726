import { Module } from '@nestjs/common';
import { ApiTokensController } from '../api-tokens/api-tokens.controller.js';
import { ApiTokensRepository } from '../api-tokens/api-tokens.repository.js';
import { ApiTokensService } from '../api-tokens/api-tokens.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { PasswordHasher } from './password.hasher.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';
import { UsersRepository } from './users.repository.js';

@Module({
  controllers: [AuthController, ApiTokensController],
  providers: [
    AuthService,
    SessionsService,
    SessionsRepository,
    UsersRepository,
    PasswordHasher,
    ApiTokensService,
    ApiTokensRepository,
    AuthGuard,
  ],
  exports: [AuthService, SessionsService, UsersRepository, ApiTokensService, AuthGuard, PasswordHasher],
})
export class AuthModule {}
