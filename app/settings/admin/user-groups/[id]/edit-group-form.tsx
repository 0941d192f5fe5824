"use client";
import { GroupForm } from "../group-form";
import { updateGroupAction, type GroupFormValues } from "../actions";

export function EditGroupForm({ id, initial, readOnly }: { id: string; initial: GroupFormValues; readOnly: boolean }) {
  return <GroupForm key={JSON.stringify(initial)} mode="edit" initial={initial} readOnly={readOnly} submit={(v) => updateGroupAction(id, v)} />;
}
