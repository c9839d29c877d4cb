import { Component, type ReactNode } from 'react';

type Props = { readonly fallback: (error: Error) => ReactNode; readonly children: ReactNode };
type State = { readonly error: Error | null };

/** Catches a render crash in its subtree and shows the fallback instead of a blank page. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render(): ReactNode {
    return this.state.error ? this.props.fallback(this.state.error) : this.props.children;
  }
}
