/** Where an upload stands: the share of the file the server has, and why it may be waiting. */
export interface UploadProgressState {
  share: number;
  /** Set while a dropped connection is waited out before resuming from the server's offset. */
  retryingInMs: number | null;
  paused: boolean;
}

export function UploadProgress({ share, retryingInMs, paused }: UploadProgressState) {
  const percent = Math.round(share * 100);
  return (
    <div className="flex flex-col gap-1">
      <div
        role="progressbar"
        aria-label="Upload progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-2 w-full overflow-hidden rounded-full bg-zinc-200"
      >
        <div className="h-full bg-zinc-900 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-xs text-zinc-500" aria-live="polite">
        {paused
          ? `Paused at ${percent} %; resume to go on from there.`
          : retryingInMs !== null
            ? `Connection lost; resuming in ${Math.ceil(retryingInMs / 1000)} s from what the server has…`
            : percent < 100
              ? `Uploading… ${percent} %`
              : 'Uploaded; the server is storing the file…'}
      </p>
    </div>
  );
}
