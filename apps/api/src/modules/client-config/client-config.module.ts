import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ClientConfigController } from './client-config.controller.js';

@Module({ imports: [AuthModule], controllers: [ClientConfigController] })
export class ClientConfigModule {}
