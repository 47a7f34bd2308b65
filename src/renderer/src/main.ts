import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { detectLocale, setLocale } from './i18n'
import './styles.css'

setLocale(detectLocale(navigator.languages))
createApp(App).use(createPinia()).mount('#app')
