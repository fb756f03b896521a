import type { BankStore } from '@haechi/core';
import { defineFeature, type Feature } from '../../http/feature.js';
import { bankRoutes } from './banks.routes.js';

/** The banks as platforms see them, and the delta feed they mirror them with. */
export function banksFeature(banks: BankStore): Feature {
  return defineFeature({ name: 'banks', routes: [bankRoutes(banks)] });
}
