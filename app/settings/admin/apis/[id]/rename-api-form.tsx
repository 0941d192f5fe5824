"use client";
import { ApiForm } from "../api-form";
import { renameApiAction } from "../actions";

export function RenameApiForm({ id, initial }: { id: string; initial: { name: string; resource: string } }) {
  return <ApiForm key={JSON.stringify(initial)} mode="edit" initial={initial} submit={(v) => renameApiAction(id, { name: v.name })} />;
}
