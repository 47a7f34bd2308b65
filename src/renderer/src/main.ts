import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { redeemLaunchCode } from './api/http-bridge'
import { detectLocale, setLocale } from './i18n'
import './styles.css'

setLocale(detectLocale(navigator.languages))
// The browser host may have opened this page with a one-time launch code: trade it for the
// bridge's secret before anything asks for the bridge. In Electron there is none, and this is
// immediate.
void redeemLaunchCode(window.location, window.sessionStorage, window.history).finally(() =>
  createApp(App).use(createPinia()).mount('#app'),
)
