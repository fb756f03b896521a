import type { BankStore } from '@haechi/core';

/**
 * Bank ids ↔ names for screening: matches carry ids, policies and subscriptions speak names.
 * Cached, and read again when an id or name is unknown (a bank created since).
 */
export class BankDirectory {
  private namesById = new Map<number, string>();
  private idsByName = new Map<string, number>();

  constructor(private readonly store: BankStore) {}

  async nameOf(id: number): Promise<string> {
    if (!this.namesById.has(id)) await this.refresh();
    return this.namesById.get(id) ?? `bank-${id}`;
  }

  /** The ids of the subscribed banks; undefined means every bank (`*`). */
  async idsFor(subscriptions: readonly string[]): Promise<ReadonlySet<number> | undefined> {
    if (subscriptions.includes('*')) return undefined;
    if (subscriptions.some((name) => !this.idsByName.has(name))) await this.refresh();
    return new Set(
      subscriptions.flatMap((name) => {
        const id = this.idsByName.get(name);
        return id === undefined ? [] : [id];
      }),
    );
  }

  private async refresh(): Promise<void> {
    const banks = await this.store.listBanks();
    this.namesById = new Map(banks.map((b) => [b.id, b.name]));
    this.idsByName = new Map(banks.map((b) => [b.name, b.id]));
  }
}
