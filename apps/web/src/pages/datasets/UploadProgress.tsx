export function UploadProgress({ share }: { share: number }) {
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
      <p className="text-xs text-zinc-500">
        {percent < 100 ? `Uploading… ${percent} %` : 'Uploaded; the server is storing the file…'}
      </p>
    </div>
  );
}
