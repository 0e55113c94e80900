import { type DBSchema, openDB } from "idb";
import type { OutboxItem, OutboxStorage } from "./outbox";

type OutboxDb = DBSchema & {
  checkIns: { key: string; value: OutboxItem };
};

/** The outbox in IndexedDB: one object store keyed by the kiosk-made check-in id. */
export function idbOutboxStorage(name = "familyhub-kiosk"): OutboxStorage {
  const db = openDB<OutboxDb>(name, 1, {
    upgrade(database) {
      database.createObjectStore("checkIns", { keyPath: "checkInId" });
    },
  });
  return {
    async put(item) {
      await (await db).put("checkIns", item);
    },
    async delete(checkInId) {
      await (await db).delete("checkIns", checkInId);
    },
    async all() {
      return (await db).getAll("checkIns");
    },
  };
}
