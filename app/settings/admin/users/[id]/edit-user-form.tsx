"use client";
import { UserForm, type UserFormValues } from "../user-form";
import { updateUserAction } from "../actions";

export function EditUserForm({ id, initial, isSelf, requireEmail }: { id: string; initial: UserFormValues; isSelf: boolean; requireEmail: boolean }) {
  return <UserForm key={JSON.stringify(initial)} mode="edit" initial={initial} isSelf={isSelf} requireEmail={requireEmail} submit={(v) => updateUserAction(id, v)} />;
}
