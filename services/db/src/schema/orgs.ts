import { pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns.ts";

export const orgs = pgTable("orgs", {
  id: id(),
  name: text("name").notNull(),
  plan: text("plan").notNull().default("free"),
  createdAt: createdAt(),
});
