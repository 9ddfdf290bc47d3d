import { useState } from "react";
import type { ReportItemType } from "../api/client";
import { useAuth } from "../app/AuthContext";
import { ReportDialog } from "./ReportDialog";

interface Props {
  itemType: ReportItemType;
  itemId: string;
  /** What is reported, as people say it: "this live stream", "@bob". */
  subject: string;
  /** Who made the item: they are not offered to report their own. */
  ownerId?: string;
  className?: string;
}

/**
 * "Report" beside a stream, a reel or a profile: opens the {@link ReportDialog}. Hidden from the
 * item's own creator (and until it is known who is signed in); visitors are asked to sign in.
 */
export function ReportButton({
  itemType,
  itemId,
  subject,
  ownerId,
  className = "secondary",
}: Props) {
  const { user, status } = useAuth();
  const [open, setOpen] = useState(false);
  if (status === "loading") return null;
  if (ownerId !== undefined && user?.id === ownerId) return null;
  return (
    <>
      <button
        type="button"
        className={className}
        aria-label={`Report ${subject}`}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        Report
      </button>
      {open ? (
        <ReportDialog
          itemType={itemType}
          itemId={itemId}
          subject={subject}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </>
  );
}
