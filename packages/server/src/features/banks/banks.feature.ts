import type { BankStore } from '@haechi/core';
import { defineFeature, type Feature } from '../../http/feature.js';
import { mountOperations } from '../../http/operation.js';
import { listBanks } from './list-banks.route.js';
import { readBankFeed } from './read-bank-feed.route.js';

/** The banks as platforms see them, and the delta feed they mirror them with. */
export function banksFeature(banks: BankStore): Feature {
  return defineFeature({
    name: 'banks',
    routes: [mountOperations([listBanks(banks), readBankFeed(banks)])],
  });
}
