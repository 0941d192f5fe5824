"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { UserPlus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { EMPTY_USER, UserForm } from "./user-form";
import { createUserAction } from "./actions";

/** "Add user": the form in a dialog; after creating, the new user's page (groups, claims, login code). */
export function CreateUserButton({ requireEmail }: { requireEmail: boolean }) {
  const router = useRouter();
  const [open, setOpen] = React.useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <UserPlus /> Add user
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Add user</DialogTitle>
          <DialogDescription>They sign in with a passkey: after creating the user, give them a login code to add their first one.</DialogDescription>
        </DialogHeader>
        <UserForm
          mode="create"
          initial={EMPTY_USER}
          requireEmail={requireEmail}
          submit={createUserAction}
          onCancel={() => setOpen(false)}
          onCreated={(id) => {
            setOpen(false);
            router.push(`/settings/admin/users/${id}`);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}
