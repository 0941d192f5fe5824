"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { ApiForm } from "./api-form";
import { createApiAction } from "./actions";

export function CreateApiButton() {
  const router = useRouter();
  const [open, setOpen] = React.useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <Plus /> Add API
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add API</DialogTitle>
          <DialogDescription>Then add its permissions and choose which apps may use it.</DialogDescription>
        </DialogHeader>
        <ApiForm
          mode="create"
          initial={{ name: "", resource: "" }}
          submit={createApiAction}
          onCancel={() => setOpen(false)}
          onCreated={(id) => {
            setOpen(false);
            router.push(`/settings/admin/apis/${id}`);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}
