import type { ComponentChildren } from "preact";
import type { Polled } from "../hooks/use-poll.ts";
import { LoadError, Loading } from "./ui.tsx";

/** One column: its header and what a row shows in it. */
export interface Column<T> {
  header: string;
  cell: (row: T) => ComponentChildren;
  /** The cell that names the row (`<th scope=row>`, read first by screen readers). */
  rowHeader?: boolean;
  /** Left out entirely when false (e.g. an Actions column for a viewer). */
  when?: boolean;
  class?: string;
}

/**
 * A list as a table, with the console's one way to say "loading", "could not load" and
 * "nothing yet". Takes the `usePoll` state of the rows. `after` renders below a row (an
 * expanded detail spanning every column).
 */
export function DataTable<T>(props: {
  rows: Polled<T[]>;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  what: string;
  empty: ComponentChildren;
  testId?: string;
  compact?: boolean;
  after?: (row: T) => ComponentChildren;
}) {
  const columns = props.columns.filter((c) => c.when !== false);
  const { rows } = props;
  return (
    <>
      {rows.error ? <LoadError error={rows.error} what={props.what} /> : null}
      {rows.loading ? (
        <Loading what={props.what} />
      ) : rows.data ? (
        <table data-testid={props.testId} class={props.compact ? "compact" : undefined}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.header} scope="col">
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.data.map((row) => {
              const key = props.rowKey(row);
              const extra = props.after?.(row);
              return [
                <tr key={key}>
                  {columns.map((c) =>
                    c.rowHeader ? (
                      <th key={c.header} scope="row" class={c.class}>
                        {c.cell(row)}
                      </th>
                    ) : (
                      <td key={c.header} class={c.class}>
                        {c.cell(row)}
                      </td>
                    ),
                  )}
                </tr>,
                extra ? (
                  <tr key={`${key}-after`}>
                    <td colSpan={columns.length}>{extra}</td>
                  </tr>
                ) : null,
              ];
            })}
            {rows.data.length === 0 ? (
              <tr>
                <td colSpan={columns.length}>{props.empty}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
