import { useEffect, useSyncExternalStore } from 'react';
import { Navigate, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import { endSession, getSession, subscribe } from './api/session';
import { SignIn } from './screens/SignIn';
import { Activities } from './screens/ops/Activities';
import { ActivityPage, NewActivity } from './screens/ops/ActivityPage';
import { OpsTemplates } from './screens/ops/OpsTemplates';
import { TemplateStock } from './screens/ops/TemplateStock';
import { CrowdSync } from './screens/ops/CrowdSync';
import { FlashSales } from './screens/ops/FlashSales';
import { OpenActivities } from './screens/merchant/OpenActivities';
import { MerchantTemplates } from './screens/merchant/MerchantTemplates';
import { NewTemplate } from './screens/merchant/NewTemplate';
import { TemplatePage } from './screens/merchant/TemplatePage';
import { Items } from './screens/merchant/Items';
import { ItemPage } from './screens/merchant/ItemPage';

function useSession() {
  return useSyncExternalStore(subscribe, getSession);
}

export function App() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();

  // A token that expires while the page is open ends the session on its own.
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(() => endSession('Your session has expired: sign in again.'), Math.max(0, session.expiresAt - Date.now()));
    return () => clearTimeout(timer);
  }, [session]);

  useEffect(() => {
    if (!session && location.pathname !== '/sign-in') navigate('/sign-in', { replace: true, state: { from: location.pathname } });
  }, [session, location.pathname, navigate]);

  if (!session) {
    return (
      <main className="page">
        <Routes>
          <Route path="*" element={<SignIn />} />
        </Routes>
      </main>
    );
  }
  const ops = session.roles.includes('OPS');
  const merchant = session.roles.includes('MERCHANT');
  return (
    <>
      <header className="bar">
        <strong>Promo console</strong>
        <nav aria-label="Main">
          {ops && (
            <>
              <NavLink to="/ops/activities">Activities</NavLink>
              <NavLink to="/ops/templates">Templates</NavLink>
              <NavLink to="/ops/crowd-sync">Crowd sync</NavLink>
              <NavLink to="/ops/flash-sales">Flash sales</NavLink>
            </>
          )}
          {merchant && (
            <>
              <NavLink to="/merchant/activities">Open activities</NavLink>
              <NavLink to="/merchant/templates">Coupons</NavLink>
              <NavLink to="/merchant/items">Items</NavLink>
            </>
          )}
        </nav>
        <span className="who">
          {session.roles.join(', ')} #{session.sub}{' '}
          <button type="button" onClick={() => endSession('You signed out.')}>
            Sign out
          </button>
        </span>
      </header>
      <main className="page">
        <Routes>
          <Route path="/ops/activities" element={<Activities />} />
          <Route path="/ops/activities/new" element={<NewActivity />} />
          <Route path="/ops/activities/:id" element={<ActivityPage />} />
          <Route path="/ops/templates" element={<OpsTemplates />} />
          <Route path="/ops/templates/:id" element={<TemplateStock />} />
          <Route path="/ops/crowd-sync" element={<CrowdSync />} />
          <Route path="/ops/flash-sales" element={<FlashSales />} />
          <Route path="/merchant/activities" element={<OpenActivities />} />
          <Route path="/merchant/templates" element={<MerchantTemplates />} />
          <Route path="/merchant/templates/new" element={<NewTemplate />} />
          <Route path="/merchant/templates/:id" element={<TemplatePage />} />
          <Route path="/merchant/items" element={<Items />} />
          <Route path="/merchant/items/:id" element={<ItemPage />} />
          <Route path="*" element={<Navigate to={ops ? '/ops/activities' : merchant ? '/merchant/activities' : '/consumer'} replace />} />
          <Route path="/consumer" element={<p className="empty">The console has screens for operations and merchants; consumers use the API.</p>} />
        </Routes>
      </main>
    </>
  );
}
