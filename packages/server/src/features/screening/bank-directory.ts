import { VICTIM_REPORTED_BANK, isVictimBank, publicBankName, type BankStore } from '@haechi/core';

/**
 * Bank ids ↔ names for screening: matches carry ids, policies and subscriptions speak names. A
 * case's own bank is known to platforms only as `victim-reported` (see victim-banks.ts), so its
 * matches, policies and subscriptions use that name. Cached, and read again when an id or a name
 * is unknown (a bank created since).
 */
export class BankDirectory {
  private namesById = new Map<number, string>();
  private idsByName = new Map<string, number>();
  private victimIds = new Set<number>();
  private newestKnown = 0;
  private loaded = false;

  constructor(private readonly store: BankStore) {}

  /** The name a platform sees for the bank (`victim-reported` for every case's bank). */
  async nameOf(id: number): Promise<string> {
    if (!this.namesById.has(id)) await this.refresh();
    return publicBankName(this.namesById.get(id) ?? `bank-${id}`);
  }

  /**
   * The ids of the banks a platform screens against: those it subscribes to and those its
   * jurisdiction requires. Undefined means every bank (`*`).
   */
  async idsFor(
    subscriptions: readonly string[],
    required: readonly string[] = [],
    newestBankId = 0,
  ): Promise<ReadonlySet<number> | undefined> {
    if (subscriptions.includes('*')) return undefined;
    const names = [...new Set([...subscriptions, ...required])];
    // Read again only when the matcher holds entries of a bank created since the last read (a
    // case opened a moment ago): a name still unknown then names no bank with anything to match,
    // so it is not looked up on every screening (`restored` may not exist for a long time).
    if (!this.loaded || newestBankId > this.newestKnown) await this.refresh();
    const ids = new Set<number>();
    for (const name of names) {
      if (name === VICTIM_REPORTED_BANK) for (const id of this.victimIds) ids.add(id);
      const id = this.idsByName.get(name);
      if (id !== undefined) ids.add(id);
    }
    return ids;
  }

  private async refresh(): Promise<void> {
    const banks = await this.store.listBanks();
    this.namesById = new Map(banks.map((b) => [b.id, b.name]));
    this.idsByName = new Map(banks.map((b) => [b.name, b.id]));
    this.victimIds = new Set(banks.filter((b) => isVictimBank(b.name)).map((b) => b.id));
    this.newestKnown = banks.reduce((newest, b) => Math.max(newest, b.id), 0);
    this.loaded = true;
  }
}
