import type { LabelHTMLAttributes } from 'react';
import { cn } from './class-names';

export function Label({ className, ...props }: LabelHTMLAttributes<HTMLLabelElement>) {
  return <label className={cn('text-sm font-medium text-zinc-800', className)} {...props} />;
}
