import { DashboardApp } from './app.js';
import { must } from './dom.js';
import './styles.css';

new DashboardApp(must<HTMLElement>(document, '#app')).start();
