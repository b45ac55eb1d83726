import { Global, Module, type DynamicModule } from '@nestjs/common';
import { KEY_MATERIAL, type KeyMaterial } from './key-ring.js';

@Global()
@Module({})
export class KeysModule {
  static forRoot(keys: KeyMaterial): DynamicModule {
    return { module: KeysModule, providers: [{ provide: KEY_MATERIAL, useValue: keys }], exports: [KEY_MATERIAL] };
  }
}
