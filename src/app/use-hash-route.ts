import { useEffect, useState } from 'react';

/** Clinician-mode routes, kept in the URL hash so the browser's back button moves between them. */
export type Route =
  | { readonly name: 'patients' }
  /** The patient list with "new patient" filled in with an MRN (an EHR launch's patient not on this tablet). */
  | { readonly name: 'new-patient'; readonly mrn: string }
  | { readonly name: 'patient'; readonly patientId: string }
  | { readonly name: 'enter'; readonly assessmentId: string }
  | { readonly name: 'report'; readonly patientId: string; readonly assessmentId: string | null }
  | { readonly name: 'instruments' }
  | { readonly name: 'research' }
  | { readonly name: 'settings' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'patients' && parts[1]) return { name: 'patient', patientId: parts[1] };
  if (parts[0] === 'enter' && parts[1]) return { name: 'enter', assessmentId: parts[1] };
  if (parts[0] === 'report' && parts[1]) return { name: 'report', patientId: parts[1], assessmentId: parts[2] || null };
  if (parts[0] === 'new-patient') return { name: 'new-patient', mrn: parts[1] ?? '' };
  if (parts[0] === 'instruments') return { name: 'instruments' };
  if (parts[0] === 'research') return { name: 'research' };
  if (parts[0] === 'settings') return { name: 'settings' };
  return { name: 'patients' };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'patients':
      return '#/patients';
    case 'new-patient':
      return `#/new-patient/${encodeURIComponent(route.mrn)}`;
    case 'patient':
      return `#/patients/${encodeURIComponent(route.patientId)}`;
    case 'enter':
      return `#/enter/${encodeURIComponent(route.assessmentId)}`;
    case 'report':
      return `#/report/${encodeURIComponent(route.patientId)}${route.assessmentId ? `/${encodeURIComponent(route.assessmentId)}` : ''}`;
    case 'instruments':
      return '#/instruments';
    case 'research':
      return '#/research';
    case 'settings':
      return '#/settings';
  }
}

/** The current route and a way to go to another. */
export function useHashRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => {
      const next = parseRoute(window.location.hash);
      setRoute((current) => (routeHref(current) === routeHref(next) ? current : next));
    };
    window.addEventListener('hashchange', onChange);
    // The hash may have changed between the first render and now (a tap on the navigation while a lazily loaded
    // screen was still loading), and that hashchange was missed.
    onChange();
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return [route, (next) => (window.location.hash = routeHref(next))];
}
