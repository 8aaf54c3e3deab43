/*
 * The page, enhanced. Without this script the GET form reloads the page with the estimate; with it the
 * estimate comes from POST api/v1/predict and replaces the result in place, as the values change and on
 * submit. It builds the same elements with the same classes that PageView renders on the server, and it only
 * ever sets text (textContent), never markup, so nothing from a response can run as HTML. It knows nothing of
 * any model: the form names the target, its unit and how the server writes amounts in it (UnitFormat); a
 * category is a select of its levels, and a field that is not required may be left blank, for the model to fill in.
 */
(function () {
  'use strict';

  var form = document.getElementById('estimate-form');
  var region = document.getElementById('result-region');
  if (!form || !region || !window.fetch || !window.URLSearchParams) {
    return; // The plain form still works.
  }

  var SVG = 'http://www.w3.org/2000/svg';
  var api = new URL('api/v1/predict', form.action).href;
  // The model the page was made for: its estimate is named after its target, in its unit.
  var target = form.dataset.target;
  var unit = form.dataset.unit;
  var title = document.title.replace(/^Error: /, '');
  // UnitFormat's parts: the same digits as the server, rounded the same way (half away from zero).
  var prefix = form.dataset.prefix;
  var suffix = form.dataset.suffix;
  var digits = new Intl.NumberFormat('en-US', { minimumFractionDigits: Number(form.dataset.minDecimals),
    maximumFractionDigits: Number(form.dataset.maxDecimals) });
  var inputs = Array.prototype.slice.call(form.querySelectorAll('input[type=number], select'));
  var percents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var latest = 0; // Only the answer to the latest request is shown, whatever order answers arrive in.
  var timer = 0;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svg(tag, attributes, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** unit_price reads as "Unit price", as on the server. */
  function label(name) {
    var words = name.replace(/_/g, ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  /** An amount in the target's unit, as UnitFormat writes it: -$5.00, €1,234.50, 12.3 kg. */
  function amount(value) { return (value < 0 ? '-' : '') + prefix + digits.format(Math.abs(value)) + suffix; }

  function signedAmount(value) { return (value < 0 ? '\u2212' : '+') + amount(Math.abs(value)); }

  /** A change in percent as PageView.signedPercent writes it: +16.9%, \u22129.0%. */
  function signedPercent(value) {
    var digits = percents.format(Math.abs(value));
    return (value < 0 && digits !== '0.0' ? '\u2212' : '+') + digits + '%';
  }

  /**
   * A contribution as the chart writes it: an amount, or on the log scale the percentage it changes the estimate
   * by, for a category with the level it is for (the one chosen, or the one the model filled in).
   */
  function contribution(name, value, log) {
    if (!log) return signedAmount(value);
    var text = signedPercent(100 * (Math.exp(value) - 1));
    var field = form.elements[name];
    if (field && field.tagName === 'SELECT') text += ' for ' + (field.value || field.dataset.missing);
    return text;
  }

  /** Whether an answer is the model's the page was made for; after a swap to another, only a reload fits. */
  function sameModel(data) { return typeof data[target] === 'number' && data.unit === unit; }

  function result(data) {
    var section = el('section', 'result');
    section.id = 'result';
    section.appendChild(el('h2', null, 'Estimated ' + target.replace(/_/g, ' ')));
    var estimate = section.appendChild(el('p', 'estimate', amount(data[target])));
    estimate.id = 'estimate';
    if (data.contributions_scale === 'log') {
      var note = section.appendChild(el('p', 'estimate-note', 'This is the median: the model estimates the logarithm'
        + ' of ' + target.replace(/_/g, ' ') + ', so as many cases like this one are expected above this amount as'
        + ' below it, in ' + unit + '.'));
      note.id = 'estimate-note';
    }
    var interval = section.appendChild(el('p', 'interval', data.interval
      ? 'Likely between ' + amount(data.interval.low) + ' and ' + amount(data.interval.high) + ' ('
        + String(data.interval.level * 100) + '% prediction interval)'
      : data.interval_note));
    interval.id = 'interval';
    if (data.warnings.length > 0) {
      var warnings = section.appendChild(el('ul', 'warnings'));
      warnings.id = 'warnings';
      data.warnings.forEach(function (warning) { warnings.appendChild(el('li', null, warning.message)); });
    }
    section.appendChild(chart(data));
    section.appendChild(el('p', 'model-version', 'Model ' + data.model_name + ' version ' + data.model_version));
    return section;
  }

  /** The contributions as bars left or right of the centre line: the same geometry as PageView's chart. */
  function chart(data) {
    var names = Object.keys(data.contributions);
    var amounts = names.map(function (name) { return data.contributions[name]; });
    var log = data.contributions_scale === 'log';
    var largest = Math.max.apply(null, [1].concat(amounts.map(Math.abs)));
    var rowHeight = 46, width = 360, zero = width / 2, reach = zero - 2;
    var height = rowHeight * names.length + 4;
    var figure = el('figure', 'contributions');
    figure.id = 'contributions';
    figure.appendChild(el('figcaption', null, 'Why this estimate: on average over its training data the model'
      + ' estimates ' + amount(log ? Math.exp(data.baseline) : data.baseline) + (log
        ? '; each input raises or lowers the estimate from there by the percentage shown.'
        : '; each input moves the estimate up or down from there.')));
    var picture = svg('svg', { 'class': 'chart', viewBox: '0 0 360 ' + height, role: 'img',
      'aria-labelledby': 'chart-title' });
    picture.appendChild(svg('title', { id: 'chart-title' }, 'Contributions to the estimate: '
      + names.map(function (name, i) { return label(name) + ' ' + contribution(name, amounts[i], log); }).join('; ')));
    names.forEach(function (name, i) {
      var value = amounts[i], y = i * rowHeight, up = value >= 0;
      var length = Math.max(1, Math.abs(value) / largest * reach);
      picture.appendChild(svg('text', { 'class': 'bar-label', x: '0', y: String(y + 15) }, label(name)));
      picture.appendChild(svg('text', { 'class': 'bar-value', x: width.toFixed(1), y: String(y + 15),
        'text-anchor': 'end' }, contribution(name, value, log)));
      picture.appendChild(svg('rect', { 'class': up ? 'bar-up' : 'bar-down',
        x: (up ? zero : zero - length).toFixed(1), y: String(y + 22), width: length.toFixed(1), height: '16' }));
    });
    picture.appendChild(svg('line', { 'class': 'axis', x1: zero.toFixed(1), y1: '20', x2: zero.toFixed(1),
      y2: String(height) }));
    figure.appendChild(picture);
    return figure;
  }

  function clearErrors() {
    var summary = document.getElementById('error-summary');
    if (summary) summary.remove();
    inputs.forEach(function (input) {
      var message = document.getElementById(input.name + '-error');
      if (message) message.remove();
      input.parentNode.classList.remove('field-invalid');
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', input.name + '-help');
    });
    document.title = title;
  }

  /**
   * Shows each field's error beside it and in a summary above the form, as the server's 400 page does, and
   * on submit moves focus to the first invalid field. False if no error names a field of this form.
   */
  function showErrors(errors, notNumbers, moveFocus) {
    var messages = {};
    errors.forEach(function (error) {
      if (!messages[error.field]) messages[error.field] = label(error.field) + ' ' + error.message + '.';
    });
    // A field the browser could not read as a number was left out of the request, so the API calls it
    // missing; the person typed something, so say what is wrong with it.
    notNumbers.forEach(function (name) {
      messages[name] = label(name) + ' is not a number. Enter a number like 3 or 7.5.';
    });
    var invalid = inputs.filter(function (input) { return messages[input.name]; });
    if (invalid.length === 0) return false;
    clearErrors();
    document.title = 'Error: ' + title;
    var summary = el('div', 'error-summary');
    summary.id = 'error-summary';
    summary.setAttribute('role', 'alert');
    summary.appendChild(el('h2', null, invalid.length === 1 ? 'Please correct this field' : 'Please correct these fields'));
    var list = summary.appendChild(el('ul'));
    invalid.forEach(function (input) {
      var message = el('p', 'field-error', messages[input.name]);
      message.id = input.name + '-error';
      input.parentNode.insertBefore(message, input);
      input.parentNode.classList.add('field-invalid');
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', message.id + ' ' + input.name + '-help');
      var link = list.appendChild(el('li')).appendChild(el('a', null, messages[input.name]));
      link.href = '#' + input.name;
    });
    form.parentNode.insertBefore(summary, form);
    region.replaceChildren(); // No estimate for values that are not all valid, as on the server.
    if (moveFocus) invalid[0].focus();
    return true;
  }

  function update(submitted) {
    clearTimeout(timer);
    var request = ++latest;
    var body = {}, notNumbers = [], query = new URLSearchParams();
    inputs.forEach(function (input) {
      query.set(input.name, input.value);
      if (input.validity.badInput) notNumbers.push(input.name);
      else if (input.tagName === 'SELECT') { if (input.value !== '') body[input.name] = input.value; }
      else if (input.value.trim() !== '') body[input.name] = Number(input.value);
    });
    // The address always says what is shown, so it can be shared; without the script it gives the same page.
    history.replaceState(history.state, '', '?' + query.toString());
    fetch(api, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body), credentials: 'same-origin' })
      .then(function (response) {
        return response.json().then(function (data) { return { status: response.status, data: data }; },
          function () { return { status: response.status, data: null }; });
      })
      .then(function (answer) {
        if (request !== latest) return;
        if (answer.status === 200 && !sameModel(answer.data)) {
          form.submit();
        } else if (answer.status === 200 && notNumbers.length === 0) {
          clearErrors();
          region.replaceChildren(result(answer.data));
        } else if (!(answer.status === 400 && answer.data && Array.isArray(answer.data.errors)
            && showErrors(answer.data.errors, notNumbers, submitted))) {
          failed(submitted);
        }
      }, function () {
        if (request === latest) failed(submitted);
      });
  }

  /** Anything but an answer or a field error: on submit, let the server's page say what is wrong. */
  function failed(submitted) {
    if (submitted) form.submit();
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    update(true);
  });

  // While typing, an empty required field means "not finished yet", not an error: wait for all of them, then
  // ~300 ms of quiet, so that typing "12" asks once, not twice. A field that is not required may stay blank: the
  // model fills it in. Focus stays where the person is typing.
  form.addEventListener('input', function () {
    clearTimeout(timer);
    var complete = inputs.every(function (input) {
      return input.value !== '' || input.validity.badInput || !input.required;
    });
    if (complete) timer = setTimeout(function () { update(false); }, 300);
  });
}());
