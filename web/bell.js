// GET /bell.js: the <budstikke-bell> element (the package in web/bell/).
// <script type="module" src="/bell.js"></script>
export * from './bell/budstikke-bell.js';
