"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { GroupForm } from "./group-form";
import { createGroupAction } from "./actions";

export function CreateGroupButton() {
  const router = useRouter();
  const [open, setOpen] = React.useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <Plus /> Add group
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add group</DialogTitle>
          <DialogDescription>Then add members, custom claims and the clients the group may use.</DialogDescription>
        </DialogHeader>
        <GroupForm
          mode="create"
          initial={{ friendlyName: "", name: "" }}
          submit={createGroupAction}
          onCancel={() => setOpen(false)}
          onCreated={(id) => {
            setOpen(false);
            router.push(`/settings/admin/user-groups/${id}`);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}
