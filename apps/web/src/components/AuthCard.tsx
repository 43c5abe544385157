import type { ReactNode } from 'react';
import { BrandMark } from './shell/AppShell';
import { Card, CardContent, CardDescription, CardHeader } from './ui/Card';

/** The centered card of the sign-in, registration and setup pages. */
export function AuthCard({
  title,
  description,
  children,
  footer,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 p-6">
      <BrandMark />
      <Card className="w-full max-w-sm">
        <CardHeader>
          <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
          {description && <CardDescription>{description}</CardDescription>}
        </CardHeader>
        <CardContent>{children}</CardContent>
      </Card>
      {footer && <div className="text-sm text-zinc-500">{footer}</div>}
    </main>
  );
}
