import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { OidcIdentitiesRepository } from './oidc-identities.repository.js';
import { OidcController } from './oidc.controller.js';
import { OidcService } from './oidc.service.js';

@Module({
  imports: [AuthModule],
  controllers: [OidcController],
  providers: [OidcService, OidcIdentitiesRepository],
})
export class OidcModule {}
